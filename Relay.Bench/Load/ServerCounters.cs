using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>Relay's own counters, read from its Prometheus endpoint (<c>/metrics</c>) when it has one.</summary>
internal static class ServerCounters
{
    /// <summary>Every sample whose name contains <c>relay</c> (name with labels → value); empty when there is no endpoint.</summary>
    public static async Task<Dictionary<string, double>> ReadAsync(int port, CancellationToken cancellationToken)
    {
        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return counters;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            foreach (var line in text.Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#' || !line.Contains("relay", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var space = line.LastIndexOf(' ');
                if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    counters[line[..space]] = value;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No metrics endpoint (the baseline, or a Relay without one).
        }

        return counters;
    }
}
