using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Server.Admin;

/// <summary><c>GET /api/admin/feed</c>: the upstream feed, its sockets and counters. Never a secret.</summary>
/// <param name="Mode"><c>Simulator</c> or <c>Dhan</c>.</param>
/// <param name="State">The aggregate state (the worst socket's).</param>
/// <param name="Reason">Why it is not connected, or <c>null</c>.</param>
/// <param name="Since">When the aggregate state began.</param>
/// <param name="Capacity">Instruments the sockets can carry, used and left.</param>
/// <param name="Sockets">Each socket.</param>
/// <param name="Totals">Packets by type, malformed packets, reconnects, the last packet's time and the packet rate, over all sockets since start.</param>
/// <param name="Synchronizer">What the subscription synchronizer has sent, replayed and repaired since start.</param>
/// <param name="Credentials">Whether broker credentials are stored or configured (never the credentials).</param>
internal sealed record AdminFeedResponse(
    string Mode,
    string State,
    string? Reason,
    DateTimeOffset Since,
    AdminFeedCapacity Capacity,
    IReadOnlyList<AdminSocketStatus> Sockets,
    UpstreamTotals Totals,
    SynchronizerCounters Synchronizer,
    AdminCredentialsStatus Credentials);
