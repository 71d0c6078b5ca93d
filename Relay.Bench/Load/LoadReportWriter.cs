using System.Globalization;
using System.Text;

namespace Relay.Bench.Load;

/// <summary>Writes the runs as Markdown: one table per scenario, Relay beside the baseline, ratios under it.</summary>
internal static class LoadReportWriter
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>The whole report.</summary>
    public static string Write(IReadOnlyList<RunReport> runs, string machine)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}");
        text.AppendLine();
        foreach (var scenario in runs.GroupBy(r => r.Scenario))
        {
            var first = scenario.First();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {first.Scenario}: {first.Description}");
            text.AppendLine();
            text.AppendLine("| server | window | clients | expected | received | lost | conflated | deliveries/s | p50 ms | p99 ms | p99.9 ms | max ms | CPU s / 1M del | CPU cores | RSS MB | alloc B / del | GC 0/1/2 |");
            text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var run in scenario)
            {
                foreach (var window in run.Windows)
                {
                    AppendRow(text, run.Server, window.Name, window.Total, window.Server);
                    foreach (var (group, figures) in window.Groups)
                    {
                        if (window.Groups.Count > 1)
                        {
                            AppendRow(text, run.Server, $"{window.Name} ({group})", figures, null);
                        }
                    }
                }
            }

            text.AppendLine();
            AppendNotes(text, scenario.ToList());
        }

        AppendIdleMemory(text, runs);
        return text.ToString();
    }

    /// <summary>
    /// Memory per idle connection, three ways, for each server that ran two idle scenarios: the plain average over
    /// the larger run ((RSS after − RSS before) / clients), the marginal cost between the two client counts (each
    /// run's growth, the smaller run's subtracted, over the difference in clients: one-off costs cancel out), and
    /// the average after a full compacting GC (what the connections keep, without the GC's headroom).
    /// </summary>
    internal static void AppendIdleMemory(StringBuilder text, IReadOnlyList<RunReport> runs)
    {
        var rows = new List<string>();
        foreach (var server in runs.Select(r => r.Server).Distinct())
        {
            var idle = runs.Where(r => r.Server == server && r.Windows.Count > 0 && r.RssPerConnectionBytes > 0 && r.Scenario.StartsWith("idle-", StringComparison.Ordinal))
                .OrderBy(r => r.Clients).ToList();
            if (idle.Count < 2 || idle[0].Clients == idle[^1].Clients)
            {
                continue;
            }

            var (small, large) = (idle[0], idle[^1]);
            var marginal = (Growth(large) - Growth(small)) / (large.Clients - small.Clients);
            var afterGc = small.RssAfterFullGcPerConnectionBytes >= 0 && large.RssAfterFullGcPerConnectionBytes >= 0
                ? $"{small.RssAfterFullGcPerConnectionBytes / 1024:F1} / {large.RssAfterFullGcPerConnectionBytes / 1024:F1}"
                : "n/a";
            var heap = large.HeapPerConnectionBytes >= 0 ? (large.HeapPerConnectionBytes / 1024).ToString("F1", CultureInfo.InvariantCulture) : "n/a";
            rows.Add($"| {server} | {small.RssPerConnectionBytes / 1024:F1} | {large.RssPerConnectionBytes / 1024:F1} | {heap} | {marginal / 1024:F1} | {afterGc} |");
        }

        if (rows.Count == 0)
        {
            return;
        }

        var counts = runs.Where(r => r.Scenario.StartsWith("idle-", StringComparison.Ordinal)).Select(r => r.Clients).Distinct().Order().ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Memory per idle connection (KB; {string.Join(" and ", counts)} clients)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| server | average, {counts[0]} | average, {counts[^1]} | GC heap part, {counts[^1]} | marginal {counts[0]} → {counts[^1]} | after a full GC, {counts[0]} / {counts[^1]} |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine();
    }

    // RSS growth from before the clients to the end of the first window, bytes.
    private static double Growth(RunReport run) => run.Windows[0].Server.RssEndBytes - run.RssBeforeClientsBytes;

    private static void AppendRow(StringBuilder text, string server, string window, GroupWindowReport figures, ServerWindowReport? process)
    {
        text.Append(CultureInfo.InvariantCulture, $"| {server} | {window} | {figures.Clients} | {figures.Expected} | {figures.Received} | {figures.Lost} | {figures.Conflated} | {figures.DeliveriesPerSecond:F0} | ");
        text.Append(CultureInfo.InvariantCulture, $"{figures.P50Ms:F2} | {figures.P99Ms:F2} | {figures.P999Ms:F2} | {figures.MaxMs:F1} | ");
        if (process is null)
        {
            text.AppendLine("| | | | |");
            return;
        }

        var gc = process.Gen0 >= 0 ? $"{process.Gen0}/{process.Gen1}/{process.Gen2}" : "n/a";
        var alloc = process.AllocatedBytesPerDelivery >= 0 ? process.AllocatedBytesPerDelivery.ToString("F0", CultureInfo.InvariantCulture) : "n/a";
        text.AppendLine(CultureInfo.InvariantCulture, $"{process.CpuSecondsPerMillion:F2} | {process.CpuCores:F2} | {process.RssEndBytes / Megabyte:F0} | {alloc} | {gc} |");
    }

    private static void AppendNotes(StringBuilder text, List<RunReport> runs)
    {
        var relay = runs.FirstOrDefault(r => r.Server == "relay");
        var baseline = runs.FirstOrDefault(r => r.Server == "baseline");
        foreach (var run in runs)
        {
            var notes = new List<string>
            {
                $"upstream {string.Join(", ", run.Windows.Select(w => $"{w.Name} {w.UpstreamTicksPerSecond:F0} ticks/s"))}",
                $"machine {string.Join(", ", run.Windows.Select(w => $"{w.Name}: harness {w.HarnessCores:F2} cores, other work {w.OtherCores:F2} cores, load avg {w.LoadAverage:F1}"))}",
                $"{run.CompleteClients}/{run.Clients + run.Fidelity} clients got every instrument; subscribed in {run.SubscribeSeconds:F1} s",
                $"RSS before clients {run.RssBeforeClientsBytes / Megabyte:F0} MB, per connection {run.RssPerConnectionBytes / 1024:F1} KB" +
                    (run.HeapPerConnectionBytes >= 0 ? $" (GC heap {run.HeapPerConnectionBytes / 1024:F1} KB)" : string.Empty) +
                    (run.RssAfterFullGcPerConnectionBytes >= 0 ? $", after a full GC {run.RssAfterFullGcPerConnectionBytes / 1024:F1} KB (RSS {run.RssAfterFullGcBytes / Megabyte:F0} MB)" : string.Empty),
            };
            var gen2 = run.Windows.Where(w => w.Server.Gen2Reasons.Count > 0).Select(w => $"{w.Name}: {string.Join(", ", w.Server.Gen2Reasons)}").ToList();
            if (gen2.Count > 0)
            {
                notes.Add($"gen2 collections {string.Join("; ", gen2)}");
            }

            var large = run.Windows.Where(w => w.Server.LargeAllocations.Count > 0).Select(w => $"{w.Name}: {string.Join(", ", w.Server.LargeAllocations.OrderByDescending(a => a.Value).Take(4).Select(a => $"{a.Key} ×{a.Value}"))}").ToList();
            if (large.Count > 0)
            {
                notes.Add($"large-object allocations sampled (per ~100 KB) {string.Join("; ", large)}");
            }

            if (run.TickWireBytesMax > 0)
            {
                notes.Add($"Tick message on the wire {run.TickWireBytesMin}-{run.TickWireBytesMax} bytes ({run.Protocol})");
            }

            if (run.Dropped > 0)
            {
                notes.Add($"reconnect: {run.Recovered}/{run.Dropped} back and receiving; drop → first tick p50 {run.RecoveryP50Ms:F0} ms, p99 {run.RecoveryP99Ms:F0} ms, max {run.RecoveryMaxMs:F0} ms");
            }

            if (run.Windows.Count >= 2 && run.Windows[0].Groups.TryGetValue(nameof(ConnectionGroup.Healthy), out var beforeHealthy)
                && run.Windows.FirstOrDefault(w => w.Name == "stall") is { } stall && stall.Groups.TryGetValue(nameof(ConnectionGroup.Healthy), out var stallHealthy))
            {
                var growth = beforeHealthy.P99Ms > 0 ? ((stallHealthy.P99Ms / beforeHealthy.P99Ms) - 1) * 100 : 0;
                var stalled = stall.Groups.TryGetValue(nameof(ConnectionGroup.Stalling), out var s) ? s.Clients : 0;
                var rssGrowth = stall.Server.RssEndBytes - stall.Server.RssStartBytes;
                notes.Add($"healthy p99 {beforeHealthy.P99Ms:F2} → {stallHealthy.P99Ms:F2} ms during the stall ({growth:+0;-0}%); RSS growth over the stall {rssGrowth / Megabyte:F1} MB for {stalled} stalled clients ({(stalled > 0 ? rssGrowth / 1024.0 / stalled : 0):F0} KB each)");
            }

            foreach (var window in run.Windows.Where(w => w.ServerCounters.Count > 0 || w.ServerHistograms.Count > 0))
            {
                var counters = window.ServerCounters.Where(c => !c.Key.Contains("rate", StringComparison.Ordinal)).Select(c => $"{c.Key} +{c.Value:G6}");
                var histograms = window.ServerHistograms.Select(h => $"{h.Key} p50 {h.Value.P50Ms:F2} / p99 {h.Value.P99Ms:F2} / max {h.Value.MaxMs:F1} ms (n={h.Value.Count})");
                notes.Add($"Relay meters in {window.Name}: {string.Join(", ", counters.Concat(histograms))}");
            }

            notes.AddRange(run.Notes);
            notes.Add(run.Problems.Count == 0 ? "correctness: ok" : "problems: " + string.Join("; ", run.Problems));
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{run.Server}**: {string.Join("; ", notes)}.");
        }

        if (relay is not null && baseline is not null)
        {
            var ratios = new List<string>();
            for (var w = 0; w < Math.Min(relay.Windows.Count, baseline.Windows.Count); w++)
            {
                var r = relay.Windows[w];
                var b = baseline.Windows[w];
                ratios.Add($"{r.Name}: CPU/delivery {Ratio(r.Server.CpuSecondsPerMillion, b.Server.CpuSecondsPerMillion)}, p50 {Ratio(r.Total.P50Ms, b.Total.P50Ms)}, p99 {Ratio(r.Total.P99Ms, b.Total.P99Ms)}, alloc/delivery {Ratio(r.Server.AllocatedBytesPerDelivery, b.Server.AllocatedBytesPerDelivery)}, RSS {Ratio(r.Server.RssEndBytes, b.Server.RssEndBytes)}");
            }

            if (relay.RssPerConnectionBytes > 0 && baseline.RssPerConnectionBytes > 0)
            {
                ratios.Add($"RSS per connection {Ratio(relay.RssPerConnectionBytes, baseline.RssPerConnectionBytes)}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"- **relay / baseline**: {string.Join("; ", ratios)}.");
        }

        text.AppendLine();
    }

    private static string Ratio(double relay, double baseline) =>
        relay >= 0 && baseline > 0 ? (relay / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";
}
