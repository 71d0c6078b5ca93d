using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>
/// Whole-machine CPU time from <c>/proc/stat</c> (busy = every field but idle and iowait, in 1/100 s) and the
/// 1-minute load average: what else was running during a window, since the harness shares the machine.
/// </summary>
/// <param name="BusySeconds">CPU seconds spent busy by all cores since boot.</param>
/// <param name="LoadAverage">The 1-minute load average.</param>
internal readonly record struct MachineSample(double BusySeconds, double LoadAverage)
{
    /// <summary>Reads the machine's counters; null when /proc is unavailable.</summary>
    public static MachineSample? Read()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var fields = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

            // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
            var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
            var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            return new MachineSample(busy / 100.0, load);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
