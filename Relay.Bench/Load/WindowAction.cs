namespace Relay.Bench.Load;

/// <summary>What the orchestrator does at the start of a measurement window.</summary>
internal enum WindowAction
{
    /// <summary>Nothing: a steady window.</summary>
    None,

    /// <summary>The stalling clients stop reading for the window's duration.</summary>
    Stall,

    /// <summary>Every client drops its socket and comes straight back.</summary>
    Reconnect,

    /// <summary>The simulator's total tick rate changes to <see cref="WindowPlan.TicksPerSecond"/>.</summary>
    Rate,
}
