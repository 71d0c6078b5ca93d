namespace Relay.Bench.Load;

/// <summary>Delivery counts and latencies of one measurement window (for one connection, or merged).</summary>
internal sealed class WindowCounts
{
    private LatencyHistogram? _latency;

    /// <summary>Ticks sent in the window for the instruments held (each expected once per holder).</summary>
    public long Expected { get; set; }

    /// <summary>Deliveries of ticks sent in the window.</summary>
    public long Received { get; set; }

    /// <summary>Ticks skipped because a newer tick of the same instrument was delivered instead.</summary>
    public long Conflated { get; set; }

    /// <summary>Ticks after which nothing newer of the instrument was ever delivered.</summary>
    public long Lost { get; set; }

    /// <summary>Deliveries older than one already delivered (must be 0).</summary>
    public long Reordered { get; set; }

    /// <summary>The same tick delivered again (harmless for a price, but wasted work; should be 0).</summary>
    public long Duplicates { get; set; }

    /// <summary>Deliveries whose send record had been overwritten (no latency for them; should be 0).</summary>
    public long Unmatched { get; set; }

    /// <summary>End-to-end latency of the deliveries, µs; created on first use.</summary>
    public LatencyHistogram Latency => _latency ??= new LatencyHistogram();

    /// <summary>True when a latency was recorded.</summary>
    public bool HasLatency => _latency is { Count: > 0 };

    /// <summary>Adds <paramref name="other"/> into this one.</summary>
    public void Add(WindowCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Expected += other.Expected;
        Received += other.Received;
        Conflated += other.Conflated;
        Lost += other.Lost;
        Reordered += other.Reordered;
        Duplicates += other.Duplicates;
        Unmatched += other.Unmatched;
        if (other.HasLatency)
        {
            Latency.Add(other.Latency);
        }
    }
}
