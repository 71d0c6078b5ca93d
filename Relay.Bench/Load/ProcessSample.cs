using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>
/// CPU time and memory of a process, read from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks of
/// 1/100 s, the Linux USER_HZ) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS, VmHWM, Threads).
/// </summary>
/// <param name="CpuSeconds">User + system CPU time so far, seconds (10 ms resolution).</param>
/// <param name="RssBytes">Resident set size now, bytes.</param>
/// <param name="PeakRssBytes">Peak resident set size, bytes.</param>
/// <param name="Threads">Threads now.</param>
/// <param name="Timestamp">When it was read (<see cref="TimeProvider.GetTimestamp"/> of the system clock).</param>
internal readonly record struct ProcessSample(double CpuSeconds, long RssBytes, long PeakRssBytes, int Threads, long Timestamp)
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>Reads process <paramref name="pid"/>; null when it is gone or /proc is unavailable.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            long rss = 0, peak = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
            }

            return new ProcessSample(cpu, rss, peak, threads, TimeProvider.System.GetTimestamp());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line)
    {
        var value = line.AsSpan(line.IndexOf(':') + 1).Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space > 0 ? value[..space] : value, CultureInfo.InvariantCulture) * 1024;
    }
}
