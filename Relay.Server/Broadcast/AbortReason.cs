namespace Relay.Server.Broadcast;

/// <summary>Why a client was disconnected as a laggard (the <c>reason</c> tag of <c>relay.broadcast.aborted</c>).</summary>
internal enum AbortReason
{
    /// <summary>A SignalR connection kept dropping updates for <see cref="BroadcastOptions.StallAbortAfter"/>.</summary>
    StalledTooLong,

    /// <summary>A SignalR connection dropped <see cref="BroadcastOptions.AbortAfterConsecutiveDrops"/> updates in a row.</summary>
    TooManyDrops,

    /// <summary>A <c>/ws</c> send took longer than <see cref="Compat.CompatOptions.SendTimeout"/>.</summary>
    CompatSendTimeout,
}
