using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Support;

/// <summary>An <see cref="IMarketUpdateSink"/> that counts notifications per instrument and kind (bounded memory, any rate).</summary>
internal sealed class EngineUpdateSink : IMarketUpdateSink
{
    private readonly ConcurrentDictionary<(InstrumentKey Instrument, MarketUpdateKind Kind), long> _counts = new();
    private long _total;

    /// <summary>Notifications received so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Notifications for <paramref name="instrument"/> of <paramref name="kind"/> so far.</summary>
    public long CountOf(InstrumentKey instrument, MarketUpdateKind kind) => _counts.TryGetValue((instrument, kind), out var count) ? count : 0;

    /// <summary>Notifications for <paramref name="instrument"/> of any kind so far.</summary>
    public long CountOf(InstrumentKey instrument) => _counts.Where(p => p.Key.Instrument == instrument).Sum(p => p.Value);

    public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind)
    {
        _counts.AddOrUpdate((instrument, kind), 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _total);
    }
}
