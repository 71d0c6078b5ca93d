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
    /// <see cref="MarketSnapshot.ReceivedAt"/>) in case the feed already delivered one.
    /// </summary>
    void Restore(in MarketSnapshot snapshot);

    /// <summary>
    /// Copies of the snapshots whose <see cref="MarketSnapshot.ReceivedAt"/> is at or after
    /// <paramref name="receivedAtOrAfter"/> (Unix milliseconds, UTC). Called every flush interval from a
    /// background thread; enumerating all instruments and filtering is fine.
    /// </summary>
    IEnumerable<MarketSnapshot> ChangedSince(long receivedAtOrAfter);
}
