namespace Relay.Core.Subscriptions;

/// <summary>What the upstream synchronizer has done since start (monotonic counts).</summary>
/// <param name="RequestsSent">Subscribe and unsubscribe requests the socket layer accepted.</param>
/// <param name="InstrumentsSubscribed">Instrument subscriptions in those requests (a mode change counts one subscribe and one unsubscribe).</param>
/// <param name="InstrumentsUnsubscribed">Instrument unsubscriptions in those requests.</param>
/// <param name="SendFailures">Requests not sent: the socket was not connected, or the send threw.</param>
/// <param name="Replays">Sessions whose whole desired set was replayed.</param>
/// <param name="Reconciliations">Reconciliation runs.</param>
/// <param name="Repairs">(socket, instrument) pairs reconciliation found out of step with the desired set and re-sent.</param>
/// <param name="CapacityDeferrals">Subscribes held back because the socket would have gone over its cap as the upstream saw it (repaired later by reconciliation).</param>
/// <param name="AmbiguousSends">Subscribe requests the socket layer accepted after their session had ended; the next session's replay unsubscribes what it does not want.</param>
internal readonly record struct SynchronizerCounters(
    long RequestsSent,
    long InstrumentsSubscribed,
    long InstrumentsUnsubscribed,
    long SendFailures,
    long Replays,
    long Reconciliations,
    long Repairs,
    long CapacityDeferrals,
    long AmbiguousSends);
