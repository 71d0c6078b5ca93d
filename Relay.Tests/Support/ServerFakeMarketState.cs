using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Support;

/// <summary>An in-memory <see cref="IMarketStateReader"/> for server tests.</summary>
internal sealed class ServerFakeMarketState : IMarketStateReader
{
    private readonly ConcurrentDictionary<InstrumentKey, MarketSnapshot> _snapshots = new();

    /// <summary>Stores <paramref name="snapshot"/> as the instrument's last known state.</summary>
    public void Set(MarketSnapshot snapshot) => _snapshots[snapshot.Instrument] = snapshot;

    /// <inheritdoc />
    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot) => _snapshots.TryGetValue(instrument, out snapshot);
}
