using Relay.Core.Market;

namespace Relay.Server.Storage;

/// <summary>Snapshot persistence over Relay.Core's <see cref="MarketStateStore"/>.</summary>
internal sealed class MarketStateStoreAccess(MarketStateStore store) : IMarketStateStoreAccess
{
    public void Restore(in MarketSnapshot snapshot) => store.Restore(in snapshot);

    public long CopyChangedSince(long sinceVersion, ICollection<MarketSnapshot> destination) =>
        store.CopyChangedSince(sinceVersion, destination);
}
