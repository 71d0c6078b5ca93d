using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Relay.Bench.Load;

/// <summary>
/// Runs inside the server under test (started by the injected <see cref="StartupHook"/>): listens to every
/// <see cref="Meter"/> whose name starts with <c>Relay</c> and writes their values to a file every 100 ms. Counters
/// are cumulative; histograms are kept per measurement window (the orchestrator writes the window number to
/// <c>&lt;file&gt;.window</c>), as µs percentiles. BCL only.
/// </summary>
/// <remarks>
/// File lines: <c>name{tags} value</c> for counters and gauges; <c>name{tags}#window count p50 p99 p999 max</c> (µs) for histograms.
/// </remarks>
internal sealed class MetricsProbe : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LatencyHistogram> _histograms = new(StringComparer.Ordinal);

    // Untagged histograms by (instrument, window): recording into them allocates nothing inside the measured server.
    private readonly Dictionary<(Instrument Instrument, int Window), LatencyHistogram> _untagged = [];
    private readonly MeterListener _listener = new();
    private readonly string _windowPath;
    private int _window;

    /// <summary>Starts listening; <paramref name="path"/> is the output file.</summary>
    public MetricsProbe(string path)
    {
        Path = path;
        _windowPath = path + ".window";
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Relay", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => OnMeasurement(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => OnMeasurement(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => OnMeasurement(i, v, t));
        _listener.Start();
    }

    /// <summary>The output file.</summary>
    public string Path { get; }

    /// <summary>Reads the observable instruments and the window number, then rewrites the file.</summary>
    public void Poll()
    {
        try
        {
            if (File.Exists(_windowPath) && int.TryParse(File.ReadAllText(_windowPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var window))
            {
                Volatile.Write(ref _window, window);
            }
        }
        catch (IOException)
        {
            // Keep the current window.
        }

        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var (key, value) in _values)
            {
                text.Append(key).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }

            foreach (var (key, histogram) in _histograms)
            {
                text.Append(CultureInfo.InvariantCulture, $"{key} {histogram.Count} {histogram.Percentile(50)} {histogram.Percentile(99)} {histogram.Percentile(99.9)} {histogram.Max}\n");
            }
        }

        File.WriteAllText(Path + ".tmp", text.ToString());
        File.Move(Path + ".tmp", Path, overwrite: true);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var number = value.ToDouble(CultureInfo.InvariantCulture);
        if (instrument is Histogram<T> && tags.IsEmpty)
        {
            var window = Volatile.Read(ref _window);
            lock (_lock)
            {
                if (!_untagged.TryGetValue((instrument, window), out var untagged))
                {
                    untagged = new LatencyHistogram();
                    _untagged[(instrument, window)] = untagged;
                    _histograms[string.Create(CultureInfo.InvariantCulture, $"{instrument.Name}#{window}")] = untagged;
                }

                untagged.Record((long)(number * Scale(instrument.Unit)));
            }

            return;
        }

        var key = Key(instrument.Name, tags);
        lock (_lock)
        {
            switch (instrument)
            {
                case Histogram<T>:
                    var windowKey = string.Create(CultureInfo.InvariantCulture, $"{key}#{Volatile.Read(ref _window)}");
                    if (!_histograms.TryGetValue(windowKey, out var histogram))
                    {
                        histogram = new LatencyHistogram();
                        _histograms[windowKey] = histogram;
                    }

                    histogram.Record((long)(number * Scale(instrument.Unit)));
                    break;
                case Counter<T> or UpDownCounter<T>:
                    _values[key] = _values.GetValueOrDefault(key) + number;
                    break;
                default:
                    // Observable counters report their running total; gauges their current value.
                    _values[key] = number;
                    break;
            }
        }
    }

    // Histogram values are recorded in µs.
    private static double Scale(string? unit) => unit switch
    {
        "s" => 1e6,
        "ms" => 1e3,
        "us" or "µs" => 1,
        "ns" => 1e-3,
        _ => 1,
    };

    private static string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return name;
        }

        var text = new StringBuilder(name).Append('{');
        for (var i = 0; i < tags.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(tags[i].Key).Append('=').Append(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture));
        }

        return text.Append('}').ToString();
    }
}
