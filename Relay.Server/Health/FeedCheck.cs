namespace Relay.Server.Health;

/// <summary>The feed is ready when connected (to DhanHQ, or to the built-in simulator).</summary>
/// <param name="Ready">True when connected.</param>
/// <param name="Source"><c>Simulator</c> or <c>Dhan</c>.</param>
/// <param name="State">The feed's state (<c>Connected</c>, <c>Reconnecting</c>, <c>NoCredentials</c>...).</param>
/// <param name="Reason">Why it is not connected, or <c>null</c>.</param>
internal sealed record FeedCheck(bool Ready, string Source, string State, string? Reason);
