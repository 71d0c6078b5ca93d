namespace Relay.Bench.Load;

/// <summary>How the orchestrator runs scenarios.</summary>
internal sealed record RunSettings
{
    /// <summary>Path of Relay.Bench.dll (this harness), started for the simulator, the clients and the baseline.</summary>
    public required string BenchDll { get; init; }

    /// <summary>Path of Relay.Server.dll.</summary>
    public required string RelayDll { get; init; }

    /// <summary>Folder for logs and results.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seed of the simulator and the client assignments.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Most lightweight connections per client process.</summary>
    public int ClientsPerProcess { get; init; } = 1000;

    /// <summary>Multiplies every window's length (e.g. 0.25 for a quick look).</summary>
    public double DurationScale { get; init; } = 1;

    /// <summary>Overrides the scenario's client count when above 0.</summary>
    public int ClientsOverride { get; init; }

    /// <summary>Extra command-line arguments for Relay (e.g. <c>--Relay:Broadcast:MaxPendingWritesPerConnection=32</c>).</summary>
    public IReadOnlyList<string> RelayArguments { get; init; } = [];

    /// <summary>Real Relay.Client connections per run (overrides the scenario when 0 or more).</summary>
    public int FidelityOverride { get; init; } = -1;

    /// <summary>Overrides the scenario's hub protocol when set.</summary>
    public HubProtocolKind? ProtocolOverride { get; init; }

    /// <summary>Hard limit for one run, after which everything is killed.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
