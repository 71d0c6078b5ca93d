namespace Relay.Bench.Load;

/// <summary>Deliveries and latency of one group of clients in one window, merged over every client process.</summary>
internal sealed class GroupWindowReport
{
    /// <summary>Connections in the group.</summary>
    public int Clients { get; set; }

    /// <summary>Deliveries the clients should get (ticks sent in the window × holders).</summary>
    public long Expected { get; set; }

    /// <summary>Deliveries received.</summary>
    public long Received { get; set; }

    /// <summary>Skipped for a newer value of the same instrument that did arrive.</summary>
    public long Conflated { get; set; }

    /// <summary>Never followed by any newer value: real loss.</summary>
    public long Lost { get; set; }

    /// <summary>Out-of-order or duplicate deliveries.</summary>
    public long Reordered { get; set; }

    /// <summary>The same tick delivered twice.</summary>
    public long Duplicates { get; set; }

    /// <summary>Deliveries without a send record (no latency).</summary>
    public long Unmatched { get; set; }

    /// <summary>Deliveries per second over the window.</summary>
    public double DeliveriesPerSecond { get; set; }

    /// <summary>Latency percentiles and max, ms.</summary>
    public double P50Ms { get; set; }

    /// <summary>99th percentile, ms.</summary>
    public double P99Ms { get; set; }

    /// <summary>99.9th percentile, ms.</summary>
    public double P999Ms { get; set; }

    /// <summary>Largest latency, ms.</summary>
    public double MaxMs { get; set; }

    /// <summary>Mean latency, ms.</summary>
    public double MeanMs { get; set; }

    /// <summary>Builds the report from merged counts.</summary>
    public static GroupWindowReport From(WindowCounts counts, int clients, double seconds)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var latency = counts.HasLatency ? counts.Latency : new LatencyHistogram();
        return new GroupWindowReport
        {
            Clients = clients,
            Expected = counts.Expected,
            Received = counts.Received,
            Conflated = counts.Conflated,
            Lost = counts.Lost,
            Reordered = counts.Reordered,
            Duplicates = counts.Duplicates,
            Unmatched = counts.Unmatched,
            DeliveriesPerSecond = seconds > 0 ? counts.Received / seconds : 0,
            P50Ms = latency.Percentile(50) / 1000.0,
            P99Ms = latency.Percentile(99) / 1000.0,
            P999Ms = latency.Percentile(99.9) / 1000.0,
            MaxMs = latency.Max / 1000.0,
            MeanMs = latency.Count > 0 ? latency.Sum / (double)latency.Count / 1000.0 : 0,
        };
    }
}
