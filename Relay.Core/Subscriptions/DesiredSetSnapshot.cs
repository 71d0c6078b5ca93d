using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>
/// The whole desired set at one instant, with the instruments whose changes have not been drained yet. Refilled in
/// place by <see cref="SubscriptionSet.SnapshotDesired(DesiredSetSnapshot)"/>, so that the periodic reconciliation
/// does not allocate a set-sized dictionary (a large-object allocation past about 2,500 instruments) every time.
/// </summary>
internal sealed class DesiredSetSnapshot
{
    /// <summary>Every held instrument's placement.</summary>
    public Dictionary<InstrumentKey, DesiredPlacement> Placements { get; } = [];

    /// <summary>Instruments changed since the last drain: the next flush sends them, so they are not drift.</summary>
    public HashSet<InstrumentKey> Pending { get; } = [];
}
