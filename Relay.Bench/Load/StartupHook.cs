using System.Globalization;

#pragma warning disable CA1050 // The runtime looks for a type named exactly "StartupHook" in no namespace.

/// <summary>
/// A .NET startup hook the load harness injects into the server under test (and the baseline) with
/// <c>DOTNET_STARTUP_HOOKS=&lt;path&gt;/Relay.Bench.dll</c>, so GC figures come from inside the process without any code
/// in Relay. When <c>RELAY_BENCH_PROBE_FILE</c> is set, a background thread rewrites that file every 100 ms with one
/// line: monotonic timestamp, gen0/gen1/gen2 collection counts, total allocated bytes, GC heap bytes, total GC pause
/// (ms), committed bytes; and <c>&lt;file&gt;.metrics</c> with Relay's own meters (<see cref="Relay.Bench.Load.MetricsProbe"/>).
/// Uses the BCL only, so loading this assembly pulls in nothing else.
/// </summary>
internal static class StartupHook
{
    /// <summary>Environment variable naming the file to write.</summary>
    public const string FileVariable = "RELAY_BENCH_PROBE_FILE";

    /// <summary>
    /// Suffix of the file to which the orchestrator writes a request number to ask for one full, blocking, compacting
    /// GC that also returns the memory it frees to the OS (<see cref="GCCollectionMode.Aggressive"/>); the hook writes
    /// the number to <see cref="CollectedSuffix"/> once done. Used once per idle run, after its measurements.
    /// </summary>
    public const string CollectSuffix = ".collect";

    /// <summary>Suffix of the file the hook writes a handled <see cref="CollectSuffix"/> request number to.</summary>
    public const string CollectedSuffix = ".collected";

    /// <summary>Called by the runtime before <c>Main</c>.</summary>
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(FileVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() => Run(path)) { IsBackground = true, Name = "relay-bench-probe" };
        thread.Start();
    }

    /// <summary>The line format, also used by the reader.</summary>
    public static string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{TimeProvider.System.GetTimestamp()} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalAllocatedBytes(precise: false)} {GC.GetGCMemoryInfo().HeapSizeBytes} {GC.GetTotalPauseDuration().TotalMilliseconds:F1} {GC.GetGCMemoryInfo().TotalCommittedBytes}");

    private static void Run(string path)
    {
        var temporary = path + ".tmp";
        using var metrics = new Relay.Bench.Load.MetricsProbe(path + ".metrics");
        using var gc = new Relay.Bench.Load.GcEventProbe();
        gc.Start(path + ".gc2");
        var collected = 0;
        while (true)
        {
            try
            {
                collected = CollectIfAsked(path, collected);
                File.WriteAllText(temporary, Line());
                File.Move(temporary, path, overwrite: true);
                metrics.Poll();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Never take the server down: try again next time.
            }

            Thread.Sleep(100);
        }
    }

    private static int CollectIfAsked(string path, int handled)
    {
        var request = path + CollectSuffix;
        if (!File.Exists(request)
            || !int.TryParse(File.ReadAllText(request).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
            || asked == handled)
        {
            return handled;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        File.WriteAllText(path + CollectedSuffix, asked.ToString(CultureInfo.InvariantCulture));
        return asked;
    }
}
