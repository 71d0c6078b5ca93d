using System.Globalization;

namespace Relay.Tests.Support;

/// <summary>Reads samples from a Prometheus text exposition.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The value of the first sample of <paramref name="metric"/> whose labels contain every one of
    /// <paramref name="labels"/> (e.g. <c>type="ticker"</c>); <c>null</c> when there is none.
    /// </summary>
    public static double? Value(string exposition, string metric, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue; // Another metric sharing the prefix.
            }

            if (labels.All(l => rest.Contains(l, StringComparison.Ordinal)))
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Whether any sample of <paramref name="metric"/> is present.</summary>
    public static bool Has(string exposition, string metric) => Value(exposition, metric) is not null;
}
