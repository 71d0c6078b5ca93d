using Relay.Core.Contracts;

namespace Relay.Client;

/// <summary>The outcome of subscribing one instrument in one mode, with the relay's answer when there is one.</summary>
public sealed class InstrumentSubscriptionResult
{
    internal InstrumentSubscriptionResult(InstrumentKey instrument, FeedMode mode, SubscriptionStatus status, SubscriptionResult? serverResult, string? reason = null)
    {
        Instrument = instrument;
        Mode = mode;
        Status = status;
        ServerResult = serverResult;
        Reason = reason ?? serverResult?.Reason;
    }

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get; }

    /// <summary>The mode it was subscribed in.</summary>
    public FeedMode Mode { get; }

    /// <summary>Accepted, rejected, or pending until the client is connected.</summary>
    public SubscriptionStatus Status { get; }

    /// <summary>True when the relay accepted the subscription.</summary>
    public bool IsAccepted => Status == SubscriptionStatus.Accepted;

    /// <summary>True when the subscription is recorded but not yet sent (the client is not connected).</summary>
    public bool IsPending => Status == SubscriptionStatus.Pending;

    /// <summary>Why the relay rejected it; <c>null</c> unless <see cref="Status"/> is <see cref="SubscriptionStatus.Rejected"/>.</summary>
    public string? Reason { get; }

    /// <summary>The relay's warning for an accepted instrument (e.g. not in the instrument master); otherwise <c>null</c>.</summary>
    public string? Warning => ServerResult?.Warning;

    /// <summary>The relay's last known state of the instrument, when accepted and the relay has one; otherwise <c>null</c>.</summary>
    public FullMessage? Snapshot => ServerResult?.Snapshot;

    /// <summary>The relay's raw answer for this instrument; <c>null</c> while <see cref="SubscriptionStatus.Pending"/>.</summary>
    public SubscriptionResult? ServerResult { get; }

    /// <inheritdoc />
    public override string ToString() => Reason is null ? $"{Instrument} {Mode}: {Status}" : $"{Instrument} {Mode}: {Status} ({Reason})";
}
