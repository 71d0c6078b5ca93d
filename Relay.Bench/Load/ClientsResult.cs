namespace Relay.Bench.Load;

/// <summary>What one client process measured, written as JSON for the orchestrator.</summary>
internal sealed class ClientsResult
{
    /// <summary>Connections run by the process.</summary>
    public int Connections { get; set; }

    /// <summary>Connections that received at least one Tick of every instrument they subscribed to.</summary>
    public int Complete { get; set; }

    /// <summary>Failed sessions (connect, handshake or subscribe).</summary>
    public int Failures { get; set; }

    /// <summary>Why sessions failed (exception type and message → count).</summary>
    public Dictionary<string, int> FailureReasons { get; set; } = [];

    /// <summary>Sessions the server ended.</summary>
    public int Disconnects { get; set; }

    /// <summary>Instruments refused by <c>Subscribe</c>.</summary>
    public int Rejected { get; set; }

    /// <summary>Ticks of instruments a connection had not subscribed to.</summary>
    public long Foreign { get; set; }

    /// <summary>Per group (<see cref="ConnectionGroup"/> name), per window (0 = outside measurement).</summary>
    public Dictionary<string, WindowResult[]> Groups { get; set; } = [];

    /// <summary>Connections per group.</summary>
    public Dictionary<string, int> GroupSizes { get; set; } = [];

    /// <summary>Smallest Tick message on the wire, bytes (0 when none).</summary>
    public int TickSizeMin { get; set; }

    /// <summary>Largest Tick message on the wire, bytes.</summary>
    public int TickSizeMax { get; set; }

    /// <summary>Tick bytes received.</summary>
    public long TickBytes { get; set; }

    /// <summary>Tick messages received.</summary>
    public long TickCount { get; set; }

    /// <summary>Connections dropped by a reconnect command.</summary>
    public int Dropped { get; set; }

    /// <summary>Dropped connections that received a Tick again.</summary>
    public int Recovered { get; set; }

    /// <summary>Drop → first Tick again, µs, sparse histogram.</summary>
    public long[] Recovery { get; set; } = [];

    /// <summary>Largest recovery time, µs.</summary>
    public long RecoveryMax { get; set; }

    /// <summary>Sum of recovery times, µs.</summary>
    public long RecoverySum { get; set; }

    /// <summary>CPU seconds used by the client process.</summary>
    public double CpuSeconds { get; set; }
}
