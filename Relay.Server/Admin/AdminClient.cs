namespace Relay.Server.Admin;

/// <summary>One connected client and what it holds.</summary>
/// <param name="ConnectionId">The connection id (a SignalR id, or <c>ws:&lt;guid&gt;</c>).</param>
/// <param name="Transport"><c>hub</c> or <c>ws</c>.</param>
/// <param name="UserId">The user, or <c>null</c> when unknown.</param>
/// <param name="UserName">The user's name, or <c>null</c>.</param>
/// <param name="ConnectedAt">When it connected, or <c>null</c> when unknown.</param>
/// <param name="InstrumentCount">Distinct instruments held.</param>
/// <param name="Instruments">Each (instrument, mode) held.</param>
internal sealed record AdminClient(
    string ConnectionId,
    string Transport,
    long? UserId,
    string? UserName,
    DateTimeOffset? ConnectedAt,
    int InstrumentCount,
    IReadOnlyList<AdminHeldInstrument> Instruments);
