namespace Relay.Bench.Load;

/// <summary>Cross-process counters in the <see cref="SendLedger"/> header, written by the client processes.</summary>
internal enum LedgerCounter
{
    /// <summary>Connections whose SignalR handshake completed (goes down again on a drop).</summary>
    Connected = 0,

    /// <summary>Connections whose <c>Subscribe</c> call completed successfully.</summary>
    Subscribed = 1,

    /// <summary>Connections that received at least one Tick of every instrument they subscribed to.</summary>
    Complete = 2,

    /// <summary>Connections that came back and received a Tick after a reconnect command.</summary>
    Recovered = 3,

    /// <summary>Connections that failed (connect, handshake or subscribe error, or closed by the server).</summary>
    Failed = 4,

    /// <summary>Client processes that are ready (all their connections subscribed or failed).</summary>
    ProcessesReady = 5,

    /// <summary>The simulator process is listening.</summary>
    SimulatorReady = 6,
}
