namespace Relay.Bench.Load;

/// <summary>A load scenario: the population, the feed, and the measurement windows.</summary>
internal sealed record LoadScenario
{
    /// <summary>Its name on the command line, e.g. <c>L1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line for the report.</summary>
    public required string Description { get; init; }

    /// <summary>Instruments in the universe.</summary>
    public int Universe { get; init; } = 2000;

    /// <summary>Lightweight client connections.</summary>
    public int Clients { get; init; } = 500;

    /// <summary>Instruments per client (drawn uniformly).</summary>
    public int InstrumentsPerClient { get; init; } = 20;

    /// <summary>Total ticks per second over all subscribed instruments (hot skew included); 0 = idle.</summary>
    public double TicksPerSecond { get; init; } = 2000;

    /// <summary>Hot instruments (ledger indices 0..HotInstruments-1).</summary>
    public int HotInstruments { get; init; } = 20;

    /// <summary>How much faster hot instruments tick.</summary>
    public double HotMultiplier { get; init; } = 10;

    /// <summary>The hub protocol of the clients.</summary>
    public HubProtocolKind Protocol { get; init; } = HubProtocolKind.Json;

    /// <summary>Fraction of clients that stall when told.</summary>
    public double StallFraction { get; init; }

    /// <summary>
    /// Stalling clients also hold every hot instrument (a stuck screen watching the busiest names), so that their stall
    /// builds up real backpressure within the window instead of a trickle the kernel's socket buffers absorb.
    /// </summary>
    public bool StallersHoldHot { get; init; }

    /// <summary>Instruments per stalling client (0 = <see cref="InstrumentsPerClient"/>); more makes its stall reach the server sooner.</summary>
    public int StallerInstruments { get; init; }

    /// <summary>Real <c>Relay.Client</c> connections added beside the lightweight ones.</summary>
    public int Fidelity { get; init; } = 3;

    /// <summary>Seconds between "every client has its instruments" and the first window (JIT, pools).</summary>
    public double WarmupSeconds { get; init; } = 5;

    /// <summary>The windows, measured in order.</summary>
    public required IReadOnlyList<WindowPlan> Windows { get; init; }

    /// <summary>True when no ticks flow (memory scenarios).</summary>
    public bool IsIdle => TicksPerSecond <= 0;

    /// <summary>Which servers to run it against by default.</summary>
    public bool WithBaseline { get; init; } = true;
}
