using System.Text;
using Relay.Bench.Load;

namespace Relay.Tests.Bench;

internal sealed class LoadReportWriterTests
{
    private const long Megabyte = 1024 * 1024;

    [Test]
    public void AppendIdleMemory_TwoIdleRuns_ReportsAverageMarginalAndAfterFullGc()
    {
        // 100 MB before; +60 MB for 1000 clients, +120 MB for 3000: average 61.4 / 41.0 KB, marginal 30.7 KB.
        RunReport[] runs =
        [
            Idle("idle-1000", 1000, before: 100 * Megabyte, end: 160 * Megabyte, afterGc: 130 * Megabyte),
            Idle("idle-3000", 3000, before: 100 * Megabyte, end: 220 * Megabyte, afterGc: 175 * Megabyte),
        ];
        var text = new StringBuilder();

        LoadReportWriter.AppendIdleMemory(text, runs);

        text.ToString().Should().Contain("| relay | 61.4 | 41.0 | n/a | 30.7 | 30.7 / 25.6 |");
    }

    [Test]
    public void AppendIdleMemory_OneIdleRun_WritesNothing()
    {
        var text = new StringBuilder();

        LoadReportWriter.AppendIdleMemory(text, [Idle("idle-3000", 3000, 100 * Megabyte, 220 * Megabyte, 0)]);

        text.Length.Should().Be(0);
    }

    private static RunReport Idle(string scenario, int clients, long before, long end, long afterGc)
    {
        var run = new RunReport
        {
            Scenario = scenario,
            Server = "relay",
            Clients = clients,
            RssBeforeClientsBytes = before,
            RssPerConnectionBytes = (end - before) / (double)clients,
            RssAfterFullGcBytes = afterGc,
            RssAfterFullGcPerConnectionBytes = afterGc > 0 ? (afterGc - before) / (double)clients : -1,
        };
        run.Windows.Add(new WindowReport { Name = "idle", Server = new ServerWindowReport { RssEndBytes = end } });
        return run;
    }
}
