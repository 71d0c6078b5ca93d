using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Support;

/// <summary>An in-memory <see cref="IMarketStateReader"/> for server tests; every <see cref="Set"/> is a new version.</summary>
internal sealed class ServerFakeMarketState : IMarketStateReader
{
    private readonly ConcurrentDictionary<InstrumentKey, (MarketSnapshot Snapshot, long Version)> _snapshots = new();
    private long _version;

    /// <summary>Stores <paramref name="snapshot"/> as the instrument's last known state.</summary>
    public void Set(MarketSnapshot snapshot) => _snapshots[snapshot.Instrument] = (snapshot, Interlocked.Increment(ref _version));

    /// <inheritdoc />
    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot) => TryGet(instrument, out snapshot, out _);

    /// <inheritdoc />
    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot, out long version)
    {
        var found = _snapshots.TryGetValue(instrument, out var entry);
        (snapshot, version) = entry;
        return found;
    }
}
