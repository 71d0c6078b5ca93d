namespace Relay.Core.Upstream;

/// <summary>The result of one connection attempt, as the reconnect pipeline sees it. Never carries a secret.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Reason">Why, for the status and the log.</param>
/// <param name="Detail">More for the log (e.g. the redacted exception chain), or <c>null</c>; never shown in a status.</param>
/// <param name="ResetsBackoff">True when the session stayed up long enough (<see cref="FeedOptions.MaxDelay"/>) to start the backoff over.</param>
internal sealed record SessionOutcome(SessionEndKind Kind, string Reason, string? Detail = null, bool ResetsBackoff = false)
{
    /// <summary>Whether the reconnect pipeline retries this outcome itself (network-class faults that did not reset the backoff).</summary>
    public bool IsRetried => !ResetsBackoff && Kind is SessionEndKind.ConnectFailed or SessionEndKind.Dropped or SessionEndKind.Disconnected or SessionEndKind.Stale;
}
