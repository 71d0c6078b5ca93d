using Relay.Core.Market;

namespace Relay.Server.Storage;

/// <summary>Snapshot persistence over Relay.Core's <see cref="MarketStateStore"/>.</summary>
internal sealed class MarketStateStoreAccess(MarketStateStore store) : IMarketStateStoreAccess
{
    public void Restore(in MarketSnapshot snapshot) => store.Restore(in snapshot);

    public IEnumerable<MarketSnapshot> ChangedSince(long receivedAtOrAfter) =>
        store.GetAll().Where(s => s.ReceivedAt >= receivedAtOrAfter);
}
