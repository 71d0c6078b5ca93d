namespace Relay.Server.Admin;

/// <summary>Answer of <c>POST /api/admin/resync</c>.</summary>
/// <param name="Repairs">(socket, instrument) pairs found out of step with what clients hold, and re-sent.</param>
/// <param name="Reconciliations">Reconciliation runs since start, this one included.</param>
internal sealed record ResyncResponse(int Repairs, long Reconciliations);
