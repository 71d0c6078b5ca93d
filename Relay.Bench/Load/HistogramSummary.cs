namespace Relay.Bench.Load;

/// <summary>A server-side histogram over one window, as the injected probe summarized it.</summary>
internal sealed class HistogramSummary
{
    /// <summary>Values recorded.</summary>
    public long Count { get; set; }

    /// <summary>Median, ms.</summary>
    public double P50Ms { get; set; }

    /// <summary>99th percentile, ms.</summary>
    public double P99Ms { get; set; }

    /// <summary>99.9th percentile, ms.</summary>
    public double P999Ms { get; set; }

    /// <summary>Largest, ms.</summary>
    public double MaxMs { get; set; }
}
