namespace Relay.Bench.Load;

/// <summary>The JSON form of <see cref="WindowCounts"/>.</summary>
internal sealed class WindowResult
{
    /// <summary>See <see cref="WindowCounts.Expected"/>.</summary>
    public long Expected { get; set; }

    /// <summary>See <see cref="WindowCounts.Received"/>.</summary>
    public long Received { get; set; }

    /// <summary>See <see cref="WindowCounts.Conflated"/>.</summary>
    public long Conflated { get; set; }

    /// <summary>See <see cref="WindowCounts.Lost"/>.</summary>
    public long Lost { get; set; }

    /// <summary>See <see cref="WindowCounts.Reordered"/>.</summary>
    public long Reordered { get; set; }

    /// <summary>See <see cref="WindowCounts.Unmatched"/>.</summary>
    public long Unmatched { get; set; }

    /// <summary>See <see cref="WindowCounts.Duplicates"/>.</summary>
    public long Duplicates { get; set; }

    /// <summary>Latency histogram, sparse (bucket, count) pairs.</summary>
    public long[] Latency { get; set; } = [];

    /// <summary>Largest latency, µs.</summary>
    public long LatencyMax { get; set; }

    /// <summary>Sum of latencies, µs.</summary>
    public long LatencySum { get; set; }

    /// <summary>Converts counts.</summary>
    public static WindowResult From(WindowCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new WindowResult
        {
            Expected = counts.Expected,
            Received = counts.Received,
            Conflated = counts.Conflated,
            Lost = counts.Lost,
            Reordered = counts.Reordered,
            Unmatched = counts.Unmatched,
            Duplicates = counts.Duplicates,
            Latency = counts.HasLatency ? counts.Latency.ToSparse() : [],
            LatencyMax = counts.HasLatency ? counts.Latency.Max : 0,
            LatencySum = counts.HasLatency ? counts.Latency.Sum : 0,
        };
    }

    /// <summary>Converts back, for merging.</summary>
    public WindowCounts ToCounts()
    {
        var counts = new WindowCounts
        {
            Expected = Expected,
            Received = Received,
            Conflated = Conflated,
            Lost = Lost,
            Reordered = Reordered,
            Unmatched = Unmatched,
            Duplicates = Duplicates,
        };
        if (Latency.Length > 0)
        {
            counts.Latency.Add(LatencyHistogram.FromSparse(Latency, LatencyMax, LatencySum));
        }

        return counts;
    }
}
