using Relay.Core.Contracts;

namespace Relay.Core.Upstream;

/// <summary>One upstream socket as the admin API shows it. Never carries a secret.</summary>
/// <param name="Socket">Index, 0-based.</param>
/// <param name="State">The socket's state.</param>
/// <param name="Reason">Why (human readable), or <c>null</c> when connected.</param>
/// <param name="StateSince">When the state began.</param>
/// <param name="ConnectedSince">When the current session's handshake completed, or <c>null</c> when not connected.</param>
/// <param name="LastFrameAt">When the last frame arrived (any session), or <c>null</c> before any.</param>
/// <param name="Packets">Well-framed packets received since start.</param>
/// <param name="Malformed">Malformed packets skipped since start.</param>
/// <param name="TextFrames">Unexpected text frames ignored since start.</param>
/// <param name="Reconnects">Successful connects after the first.</param>
/// <param name="ConnectionAttempts">Handshakes attempted.</param>
internal sealed record UpstreamSocketStatus(
    int Socket,
    FeedState State,
    string? Reason,
    DateTimeOffset StateSince,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastFrameAt,
    long Packets,
    long Malformed,
    long TextFrames,
    long Reconnects,
    long ConnectionAttempts);
