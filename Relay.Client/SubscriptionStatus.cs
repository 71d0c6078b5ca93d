namespace Relay.Client;

/// <summary>The outcome of subscribing one instrument through <see cref="RelayClient.SubscribeAsync"/>.</summary>
public enum SubscriptionStatus
{
    /// <summary>The relay holds the subscription; updates flow.</summary>
    Accepted,

    /// <summary>The relay refused it (see <see cref="InstrumentSubscriptionResult.Reason"/>); the client forgets it.</summary>
    Rejected,

    /// <summary>
    /// The client is not connected (or the connection dropped during the call): the subscription is recorded
    /// and will be sent when the connection is (re)established; <see cref="RelayClient.Resubscribed"/> reports the outcome.
    /// </summary>
    Pending,
}
