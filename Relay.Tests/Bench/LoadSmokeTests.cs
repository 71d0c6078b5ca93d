using System.Diagnostics;
using System.Text.Json;

namespace Relay.Tests.Bench;

/// <summary>
/// The CI smoke of the load harness: the real multi-process run (simulator, Relay, a process of 30 lightweight clients,
/// all on 127.0.0.1) of the <c>smoke</c> scenario, asserting correctness only, never timing.
/// </summary>
internal sealed class LoadSmokeTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Smoke_RelayUnderLoad_EveryClientGetsEveryInstrumentAndNothingIsLostWithoutConflation(CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"relay-load-smoke-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, log) = await RunHarnessAsync(["load", "--scenario", "smoke", "--server", "relay", "--assert-correct", "--out", output, "--run-timeout-seconds", "90"], cancellationToken);

            var resultsPath = Path.Combine(output, "results.json");
            File.Exists(resultsPath).Should().BeTrue($"the harness writes its results; its output was:\n{log}");
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath, cancellationToken));
            var run = results.RootElement.GetProperty("runs")[0];
            run.GetProperty("problems").GetArrayLength().Should().Be(0, $"the run is correct; its output was:\n{log}");
            var clients = run.GetProperty("clients").GetInt32() + run.GetProperty("fidelity").GetInt32();
            run.GetProperty("completeClients").GetInt32().Should().Be(clients, "every client receives each of its instruments");
            var window = run.GetProperty("windows")[0].GetProperty("total");
            var expected = window.GetProperty("expected").GetInt64();
            expected.Should().BePositive("the simulator sent ticks in the measured window");
            window.GetProperty("lost").GetInt64().Should().Be(0, "a tick is either delivered or superseded by a newer one that is");
            (window.GetProperty("received").GetInt64() + window.GetProperty("conflated").GetInt64()).Should().Be(expected);
            window.GetProperty("reordered").GetInt64().Should().Be(0);
            exitCode.Should().Be(0, log);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    // Runs the built Relay.Bench.dll (same configuration as the tests) with a hard deadline.
    private static async Task<(int ExitCode, string Log)> RunHarnessAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BenchDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string BenchDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "Relay.Bench.dll");
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Relay.sln")))
            {
                // Relay.Bench's own output (bin/<Configuration>/<tfm>), where its runtimeconfig and Relay.Server sit beside it.
                var own = Path.Combine(directory.FullName, "Relay.Bench", "bin", output.Parent!.Name, output.Name, "Relay.Bench.dll");
                return File.Exists(own) ? own : local;
            }
        }

        return local;
    }
}
