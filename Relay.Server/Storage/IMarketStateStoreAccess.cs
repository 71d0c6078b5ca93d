using Relay.Core.Market;

namespace Relay.Server.Storage;

/// <summary>
/// What snapshot persistence needs from the market state store (Relay.Core's <c>MarketStateStore</c>). The
/// integrator registers an adapter over the store as a singleton; without one, persistence stays idle.
/// </summary>
internal interface IMarketStateStoreAccess
{
    /// <summary>
    /// Puts a persisted snapshot back at start. Must not overwrite a newer state (compare
    /// <see cref="MarketSnapshot.ReceivedAt"/>) in case the feed already delivered one. A restored state does not
    /// count as changed for <see cref="CopyChangedSince"/>.
    /// </summary>
    void Restore(in MarketSnapshot snapshot);

    /// <summary>
    /// Adds to <paramref name="destination"/> every state updated after <paramref name="sinceVersion"/> (pass 0 the
    /// first time) and returns the version to pass next time. An update racing with the call may be copied twice,
    /// never missed. Allocates nothing beyond what <paramref name="destination"/> needs, so a caller that reuses one
    /// list keeps the periodic flush off the large-object heap.
    /// </summary>
    long CopyChangedSince(long sinceVersion, ICollection<MarketSnapshot> destination);
}
