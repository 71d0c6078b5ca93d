namespace Relay.Server.Broadcast;

/// <summary>A copy of the broadcaster's counters (the same values <c>relay.broadcast.*</c> metrics report).</summary>
/// <param name="UpdatesIn">Update notifications from the upstream loop.</param>
/// <param name="Conflated">Notifications folded into an instrument already waiting to be sent (newest value wins).</param>
/// <param name="Published">Instrument updates the broadcaster sent out (after conflation).</param>
/// <param name="MessagesOut">Messages handed to clients (one per client per update).</param>
/// <param name="Dropped">Updates not delivered to a client, by reason.</param>
/// <param name="Aborted">Laggard clients disconnected, by reason.</param>
/// <param name="MaxPendingWritesObserved">The most writes ever pending on one SignalR connection at once.</param>
/// <param name="CaughtUp">Newest values re-sent to clients that had dropped updates at their pending cap, once they drained.</param>
internal sealed record BroadcastStats(
    long UpdatesIn,
    long Conflated,
    long Published,
    long MessagesOut,
    IReadOnlyDictionary<DropReason, long> Dropped,
    IReadOnlyDictionary<AbortReason, long> Aborted,
    int MaxPendingWritesObserved,
    long CaughtUp)
{
    /// <summary>All drops, whatever the reason.</summary>
    public long DroppedTotal => Dropped.Values.Sum();

    /// <summary>All laggard disconnects, whatever the reason.</summary>
    public long AbortedTotal => Aborted.Values.Sum();
}
