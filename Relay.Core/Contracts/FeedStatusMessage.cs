namespace Relay.Core.Contracts;

/// <summary>The feed's state, sent through the <c>FeedStatus</c> callback on connect and on every change.</summary>
public sealed class FeedStatusMessage
{
    /// <summary>One of the <see cref="Contracts.FeedState"/> names: <c>Connected</c>, <c>Reconnecting</c>, <c>CredentialsRejected</c>, <c>Evicted</c>, <c>Stale</c>, ...</summary>
    public required string State { get; init; }

    /// <summary>Why the feed is in this state (human readable, never a secret); <c>null</c> when connected.</summary>
    public string? Reason { get; init; }

    /// <summary><c>Simulator</c> or <c>Dhan</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When the state began, Unix milliseconds (UTC).</summary>
    public long Since { get; init; }
}
