using Relay.Core.Contracts;

namespace Relay.Server.Market;

/// <summary>
/// <c>GET /api/market/snapshot</c>: the last known state of each requested instrument that has one, with the hub's
/// <c>Full</c> field names, and the rest listed under <see cref="Missing"/> with a reason. Both in request order,
/// duplicates once.
/// </summary>
internal sealed class MarketSnapshotResponse
{
    /// <summary>Instruments with a known state.</summary>
    public required IReadOnlyList<FullMessage> Snapshots { get; init; }

    /// <summary>Instruments with no known state.</summary>
    public required IReadOnlyList<MissingInstrument> Missing { get; init; }
}
