namespace Relay.Bench.Load;

/// <summary>Commands the orchestrator posts to the client processes through the <see cref="SendLedger"/>.</summary>
internal enum LoadCommand
{
    /// <summary>Nothing (the initial state).</summary>
    None = 0,

    /// <summary>The stalling clients stop reading for the argument's milliseconds.</summary>
    Stall = 1,

    /// <summary>Every connection drops its socket (no close handshake) and reconnects, resubscribing.</summary>
    Reconnect = 2,
}
