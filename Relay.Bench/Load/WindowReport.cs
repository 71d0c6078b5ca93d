namespace Relay.Bench.Load;

/// <summary>One measurement window of one run.</summary>
internal sealed class WindowReport
{
    /// <summary>The window's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Its measured length, seconds.</summary>
    public double Seconds { get; set; }

    /// <summary>Ticks the simulator sent in the window (over every instrument).</summary>
    public long UpstreamTicks { get; set; }

    /// <summary>Upstream ticks per second achieved.</summary>
    public double UpstreamTicksPerSecond { get; set; }

    /// <summary>Per client group.</summary>
    public Dictionary<string, GroupWindowReport> Groups { get; set; } = [];

    /// <summary>Every group merged.</summary>
    public GroupWindowReport Total { get; set; } = new();

    /// <summary>Cores busy on the whole machine during the window (2.0 = both cores of this machine saturated).</summary>
    public double MachineBusyCores { get; set; }

    /// <summary>Cores used by the harness's own processes (server, simulator, clients) during the window.</summary>
    public double HarnessCores { get; set; }

    /// <summary>Cores used by everything else on the machine (other work sharing it) during the window.</summary>
    public double OtherCores { get; set; }

    /// <summary>1-minute load average at the window's end.</summary>
    public double LoadAverage { get; set; }

    /// <summary>The server process.</summary>
    public ServerWindowReport Server { get; set; } = new();

    /// <summary>Change of Relay's own counters over the window (name{tags} → delta), from the injected probe.</summary>
    public Dictionary<string, double> ServerCounters { get; set; } = [];

    /// <summary>Relay's own histograms over the window (e.g. <c>relay.broadcast.latency</c>), ms.</summary>
    public Dictionary<string, HistogramSummary> ServerHistograms { get; set; } = [];
}
