using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>The whole desired set at one instant, with the instruments whose changes have not been drained yet.</summary>
/// <param name="Placements">Every held instrument's placement.</param>
/// <param name="Pending">Instruments changed since the last drain: the next flush sends them, so they are not drift.</param>
internal sealed record DesiredSetSnapshot(IReadOnlyDictionary<InstrumentKey, DesiredPlacement> Placements, IReadOnlySet<InstrumentKey> Pending);
