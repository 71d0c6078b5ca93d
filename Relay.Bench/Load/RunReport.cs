namespace Relay.Bench.Load;

/// <summary>One scenario run against one server.</summary>
internal sealed class RunReport
{
    /// <summary>The scenario's name.</summary>
    public string Scenario { get; set; } = "";

    /// <summary>The scenario's description.</summary>
    public string Description { get; set; } = "";

    /// <summary><c>relay</c> or <c>baseline</c>.</summary>
    public string Server { get; set; } = "";

    /// <summary><c>json</c> or <c>messagepack</c>.</summary>
    public string Protocol { get; set; } = "";

    /// <summary>Lightweight connections (plus <see cref="Fidelity"/>).</summary>
    public int Clients { get; set; }

    /// <summary>Real Relay.Client connections.</summary>
    public int Fidelity { get; set; }

    /// <summary>Instruments per client.</summary>
    public int InstrumentsPerClient { get; set; }

    /// <summary>Instruments subscribed by at least one client.</summary>
    public int SubscribedInstruments { get; set; }

    /// <summary>Nominal total ticks per second.</summary>
    public double TicksPerSecond { get; set; }

    /// <summary>The run finished and every client process reported.</summary>
    public bool Completed { get; set; }

    /// <summary>What went wrong, when something did.</summary>
    public string? Error { get; set; }

    /// <summary>Seconds from the clients' start until all had subscribed.</summary>
    public double SubscribeSeconds { get; set; }

    /// <summary>Server resident memory before any client connected, bytes.</summary>
    public long RssBeforeClientsBytes { get; set; }

    /// <summary>Server GC heap before any client connected, bytes (-1 unknown).</summary>
    public long HeapBeforeClientsBytes { get; set; } = -1;

    /// <summary>Server resident memory per connection at the end of the first window: (RSS − RSS before clients) / clients.</summary>
    public double RssPerConnectionBytes { get; set; }

    /// <summary>GC heap growth per connection at the end of the first window, bytes (-1 unknown).</summary>
    public double HeapPerConnectionBytes { get; set; } = -1;

    /// <summary>
    /// Idle runs: server resident memory after the measurements, once the server ran one full compacting GC that
    /// returned what it freed to the OS (the clients still connected), bytes; 0 when not measured.
    /// </summary>
    public long RssAfterFullGcBytes { get; set; }

    /// <summary>(<see cref="RssAfterFullGcBytes"/> − RSS before clients) / clients: what a connection keeps, without GC headroom; -1 when not measured.</summary>
    public double RssAfterFullGcPerConnectionBytes { get; set; } = -1;

    /// <summary>Connections that received every one of their instruments.</summary>
    public int CompleteClients { get; set; }

    /// <summary>Failed sessions.</summary>
    public int Failures { get; set; }

    /// <summary>Why sessions failed (exception type and message → count).</summary>
    public Dictionary<string, int> FailureReasons { get; set; } = [];

    /// <summary>Sessions the server ended.</summary>
    public int Disconnects { get; set; }

    /// <summary>Instruments refused on subscribe.</summary>
    public int Rejected { get; set; }

    /// <summary>Deliveries of instruments a connection did not hold.</summary>
    public long Foreign { get; set; }

    /// <summary>Smallest Tick message on the wire, bytes.</summary>
    public int TickWireBytesMin { get; set; }

    /// <summary>Largest Tick message on the wire, bytes.</summary>
    public int TickWireBytesMax { get; set; }

    /// <summary>Connections dropped in a reconnect storm.</summary>
    public int Dropped { get; set; }

    /// <summary>Dropped connections receiving again.</summary>
    public int Recovered { get; set; }

    /// <summary>Recovery time (drop → first Tick again) percentiles, ms.</summary>
    public double RecoveryP50Ms { get; set; }

    /// <summary>99th percentile recovery, ms.</summary>
    public double RecoveryP99Ms { get; set; }

    /// <summary>Slowest recovery, ms.</summary>
    public double RecoveryMaxMs { get; set; }

    /// <summary>CPU seconds of all client processes.</summary>
    public double ClientCpuSeconds { get; set; }

    /// <summary>CPU seconds of the simulator process.</summary>
    public double SimulatorCpuSeconds { get; set; }

    /// <summary>The windows.</summary>
    public List<WindowReport> Windows { get; set; } = [];


    /// <summary>Observations that are not correctness failures (e.g. duplicate deliveries).</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>Correctness problems found (empty when correct).</summary>
    public List<string> Problems { get; set; } = [];
}
