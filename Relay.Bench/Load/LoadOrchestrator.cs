using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Relay.Bench.Load;

/// <summary>
/// The <c>load</c> sub-command: runs scenarios one at a time against Relay and the baseline, prints the Markdown
/// report and writes it with the JSON results to the output folder.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project Relay.Bench -- load --scenario L1[,L2,...|all] [--server relay|baseline|both]
/// [--out DIR] [--relay-dll PATH] [--duration-scale X] [--clients N] [--fidelity N] [--seed S]
/// [--relay-arg --Relay:Section:Key=Value ...] [--assert-correct]</c>
/// </remarks>
internal static class LoadOrchestrator
{
    // Every option of the load sub-command (--relay-arg is taken apart before parsing).
    private static readonly string[] KnownOptions =
        ["scenario", "server", "relay-dll", "out", "seed", "clients-per-process", "duration-scale", "clients", "fidelity", "protocol", "run-timeout-seconds", "assert-correct"];

    /// <summary>Runs the sub-command; returns the exit code (0 ok, 2 a run failed or, with --assert-correct, was incorrect).</summary>
    public static async Task<int> RunAsync(CommandLine options, IReadOnlyList<string> relayArguments)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Usage(options) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return 2;
        }

        var names = options.String("scenario", "smoke");
        var scenarios = names.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? LoadScenarios.Suite.Select(n => LoadScenarios.All[n]).ToList()
            : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Find).ToList();
        var serverChoice = options.String("server", "default");
        var root = FindRoot();
        var benchDll = typeof(LoadOrchestrator).Assembly.Location;
        var settings = new RunSettings
        {
            BenchDll = benchDll,
            RelayDll = options.String("relay-dll", DefaultRelayDll(root, benchDll)),
            OutputDirectory = options.String("out", Path.Combine(root ?? Environment.CurrentDirectory, "artifacts", "load", TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))),
            Seed = options.Int("seed", 7),
            ClientsPerProcess = options.Int("clients-per-process", 1000),
            DurationScale = options.Double("duration-scale", 1),
            ClientsOverride = options.Int("clients", 0),
            FidelityOverride = options.Int("fidelity", -1),
            RelayArguments = relayArguments,
            ProtocolOverride = HubProtocolName.TryParse(options.String("protocol", ""), out var protocol) ? protocol : null,
            RunTimeout = TimeSpan.FromSeconds(options.Double("run-timeout-seconds", 300)),
        };
        if (!File.Exists(settings.RelayDll))
        {
            await Console.Error.WriteLineAsync($"Relay.Server.dll not found at {settings.RelayDll}; build it (dotnet build -c Release) or pass --relay-dll.");
            return 2;
        }

        Directory.CreateDirectory(settings.OutputDirectory);
        var machine = MachineLine();
        Console.WriteLine($"Load harness: {machine}");
        Console.WriteLine($"Relay: {settings.RelayDll}");
        Console.WriteLine($"Output: {settings.OutputDirectory}");

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var runs = new List<RunReport>();
        foreach (var scenario in scenarios)
        {
            var servers = serverChoice switch
            {
                "relay" => [ServerKind.Relay],
                "baseline" => [ServerKind.Baseline],
                "both" => [ServerKind.Relay, ServerKind.Baseline],
                _ => scenario.WithBaseline ? new[] { ServerKind.Relay, ServerKind.Baseline } : [ServerKind.Relay],
            };
            foreach (var server in servers)
            {
                Console.WriteLine($"Running {scenario.Name} against {server.ToString().ToLowerInvariant()} ...");
                var runner = new ScenarioRunner(scenario, server, settings, Console.Out);
                var report = await runner.RunAsync(cancel.Token);
                runs.Add(report);
                Console.WriteLine(report.Problems.Count == 0 ? "  ok" : $"  problems: {string.Join("; ", report.Problems)}");
                await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.json"), JsonSerializer.Serialize(new { machine, runs }, LoadJson.Options));
                if (cancel.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        var markdown = LoadReportWriter.Write(runs, machine);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "report.md"), markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var failed = runs.Any(r => !r.Completed) || (options.Bool("assert-correct", false) && runs.Any(r => r.Problems.Count > 0));
        Console.WriteLine(failed ? "LOAD RESULT: FAILED" : "LOAD RESULT: OK");
        return failed ? 2 : 0;
    }

    /// <summary>One line describing the machine: cores, CPU model, memory, OS, .NET.</summary>
    public static string MachineLine()
    {
        var cpu = "unknown CPU";
        var memory = "unknown memory";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var total = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            memory = string.Create(CultureInfo.InvariantCulture, $"{kilobytes / 1024.0 / 1024.0:F1} GiB RAM");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // Not Linux: keep the defaults.
        }

        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    // A mistyped option or value is an error, not a silently different run.
    private static string? Usage(CommandLine options)
    {
        var unknown = options.Unknown(KnownOptions);
        if (unknown.Count > 0)
        {
            return $"Unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}. Known: {string.Join(", ", KnownOptions.Select(k => "--" + k))}, --relay-arg.";
        }

        if (options.String("server", "default") is not ("default" or "relay" or "baseline" or "both"))
        {
            return "--server takes relay, baseline or both.";
        }

        return options.Has("protocol") && !HubProtocolName.TryParse(options.String("protocol", ""), out _)
            ? "--protocol takes json or messagepack."
            : null;
    }

    private static LoadScenario Find(string name) =>
        LoadScenarios.All.TryGetValue(name, out var scenario)
            ? scenario
            : throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", LoadScenarios.All.Keys)}, all.", nameof(name));

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Relay.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    // Relay.Server's own build output of the same configuration as this harness (bin/<Configuration>/<tfm>/).
    private static string DefaultRelayDll(string? root, string benchDll)
    {
        var output = new DirectoryInfo(Path.GetDirectoryName(benchDll)!);
        var configuration = output.Parent?.Name ?? "Release";
        var framework = output.Name;
        return root is not null
            ? Path.Combine(root, "Relay.Server", "bin", configuration, framework, "Relay.Server.dll")
            : Path.Combine(output.FullName, "Relay.Server.dll");
    }
}
