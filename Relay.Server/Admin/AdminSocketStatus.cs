namespace Relay.Server.Admin;

/// <summary>One upstream socket.</summary>
/// <param name="Socket">Index, 0-based.</param>
/// <param name="State">Its state.</param>
/// <param name="Reason">Why, or <c>null</c> when connected.</param>
/// <param name="StateSince">When the state began.</param>
/// <param name="ConnectedSince">When the current session began, or <c>null</c>.</param>
/// <param name="LastFrameAt">When the last frame arrived, or <c>null</c>.</param>
/// <param name="Packets">Packets received since start.</param>
/// <param name="Malformed">Malformed packets skipped since start.</param>
/// <param name="TextFrames">Unexpected text frames since start.</param>
/// <param name="Reconnects">Reconnects since start.</param>
/// <param name="ConnectionAttempts">Handshakes attempted since start.</param>
/// <param name="Instruments">Instruments placed on it.</param>
/// <param name="Free">Instruments it can still take.</param>
internal sealed record AdminSocketStatus(
    int Socket,
    string State,
    string? Reason,
    DateTimeOffset StateSince,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastFrameAt,
    long Packets,
    long Malformed,
    long TextFrames,
    long Reconnects,
    long ConnectionAttempts,
    int Instruments,
    int Free);
