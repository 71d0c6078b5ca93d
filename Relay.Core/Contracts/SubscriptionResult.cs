namespace Relay.Core.Contracts;

/// <summary>The outcome of subscribing one instrument.</summary>
public sealed class SubscriptionResult
{
    /// <summary>Segment name as the client sent it.</summary>
    public string? ExchangeSegment { get; init; }

    /// <summary>Security id as the client sent it.</summary>
    public string? SecurityId { get; init; }

    /// <summary>Whether the subscription is held.</summary>
    public bool Accepted { get; init; }

    /// <summary>Why it was rejected; <c>null</c> when accepted.</summary>
    public string? Reason { get; init; }

    /// <summary>A warning for an accepted instrument (e.g. not in the instrument master); otherwise <c>null</c>.</summary>
    public string? Warning { get; init; }

    /// <summary>The last known state, for accepted instruments that have one; <c>null</c> otherwise.</summary>
    public FullMessage? Snapshot { get; init; }
}
