using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Tests.Support;

/// <summary>An <see cref="IMarketFeed"/> that records what each connection id holds (Ticker mode only matters here).</summary>
internal sealed class TradingFakeMarketFeed : IMarketFeed
{
    private readonly ConcurrentDictionary<(string Connection, InstrumentKey Instrument), FeedMode> _held = new();

    public FeedStatus Status { get; } = new(FeedState.Connected, null, "Simulator", DateTimeOffset.UnixEpoch);

    public event Action<FeedStatus>? StatusChanged
    {
        add { }
        remove { }
    }

    /// <summary>The instruments <paramref name="connectionId"/> holds now.</summary>
    public IReadOnlyList<InstrumentKey> HeldBy(string connectionId) => [.. _held.Keys.Where(k => k.Connection == connectionId).Select(k => k.Instrument)];

    public IReadOnlyList<SubscribeOutcome> Subscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        foreach (var instrument in instruments)
        {
            _held[(connectionId, instrument)] = mode;
        }

        return [.. instruments.Select(i => new SubscribeOutcome(i, true, null))];
    }

    public void Unsubscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        foreach (var instrument in instruments)
        {
            _held.TryRemove((connectionId, instrument), out _);
        }
    }

    public void ReleaseConnection(string connectionId)
    {
        foreach (var key in _held.Keys.Where(k => k.Connection == connectionId))
        {
            _held.TryRemove(key, out _);
        }
    }

    public int CountHeldBy(string connectionId) => _held.Keys.Count(k => k.Connection == connectionId);
}
