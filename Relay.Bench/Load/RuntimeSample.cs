using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>GC figures of a server process, as its injected <see cref="StartupHook"/> last wrote them.</summary>
/// <param name="Timestamp">When the probe wrote them (monotonic).</param>
/// <param name="Gen0">Gen0 collections so far.</param>
/// <param name="Gen1">Gen1 collections so far.</param>
/// <param name="Gen2">Gen2 collections so far.</param>
/// <param name="AllocatedBytes">Bytes allocated so far (all threads).</param>
/// <param name="HeapBytes">GC heap size after the last collection.</param>
/// <param name="PauseMilliseconds">Total GC pause so far.</param>
/// <param name="CommittedBytes">Memory committed by the GC.</param>
internal readonly record struct RuntimeSample(long Timestamp, int Gen0, int Gen1, int Gen2, long AllocatedBytes, long HeapBytes, double PauseMilliseconds, long CommittedBytes)
{
    /// <summary>Reads the probe file; null when it is missing or half-written.</summary>
    public static RuntimeSample? Read(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ');
            return new RuntimeSample(
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                int.Parse(parts[2], CultureInfo.InvariantCulture),
                int.Parse(parts[3], CultureInfo.InvariantCulture),
                long.Parse(parts[4], CultureInfo.InvariantCulture),
                long.Parse(parts[5], CultureInfo.InvariantCulture),
                double.Parse(parts[6], CultureInfo.InvariantCulture),
                long.Parse(parts[7], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Waits for a sample written after <paramref name="after"/> (at most 2 s); null if none came.</summary>
    public static async Task<RuntimeSample?> ReadFreshAsync(string path, long after, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < TimeSpan.FromSeconds(2))
        {
            if (Read(path) is { } sample && sample.Timestamp >= after)
            {
                return sample;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }

        return Read(path);
    }
}
