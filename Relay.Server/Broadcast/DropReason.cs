namespace Relay.Server.Broadcast;

/// <summary>Why an update was not delivered to one client (the <c>reason</c> tag of <c>relay.broadcast.dropped</c>).</summary>
internal enum DropReason
{
    /// <summary>A SignalR connection had <see cref="BroadcastOptions.MaxPendingWritesPerConnection"/> writes pending.</summary>
    PendingCap,

    /// <summary>A <c>/ws</c> socket's ticker outbox was full: its oldest pending instrument was dropped.</summary>
    CompatTickerOutboxFull,

    /// <summary>A <c>/ws</c> socket's control outbox (replies, status) was full: its oldest message was dropped.</summary>
    CompatControlOutboxFull,
}
