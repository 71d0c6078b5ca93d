using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>Relay's own meters as the injected <see cref="MetricsProbe"/> wrote them.</summary>
internal sealed class ServerCounters
{
    /// <summary>Counter and gauge values (name{tags} → value).</summary>
    public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Histograms per window (name{tags}#window → summary).</summary>
    public Dictionary<string, HistogramSummary> Histograms { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the probe's metrics file; empty when there is none (a server without Relay meters).</summary>
    public static ServerCounters Read(string path)
    {
        var counters = new ServerCounters();
        try
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    counters.Values[parts[0]] = value;
                }
                else if (parts.Length == 6)
                {
                    var n = parts.Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                    counters.Histograms[parts[0]] = new HistogramSummary { Count = (long)n[0], P50Ms = n[1] / 1000, P99Ms = n[2] / 1000, P999Ms = n[3] / 1000, MaxMs = n[4] / 1000 };
                }
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            // No file yet, or half-written: treat as empty.
        }

        return counters;
    }

    /// <summary>The change of every counter from <paramref name="start"/> to this reading (zero changes left out).</summary>
    public Dictionary<string, double> Since(ServerCounters start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var deltas = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in Values)
        {
            var delta = value - start.Values.GetValueOrDefault(key);
            if (delta != 0)
            {
                deltas[key] = delta;
            }
        }

        return deltas;
    }

    /// <summary>The histograms of window <paramref name="window"/> (key without the window suffix).</summary>
    public Dictionary<string, HistogramSummary> ForWindow(int window)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"#{window}");
        return Histograms.Where(h => h.Key.EndsWith(suffix, StringComparison.Ordinal)).ToDictionary(h => h.Key[..^suffix.Length], h => h.Value, StringComparer.Ordinal);
    }
}
