using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Relay.Bench.Load;

/// <summary>
/// Runs one scenario against one server: starts the simulator, the server and the client processes (all on 127.0.0.1),
/// waits until every client holds its instruments, measures each window, stops everything and merges the results.
/// Every wait is bounded; every child is killed when the run ends, however it ends.
/// </summary>
internal sealed class ScenarioRunner(LoadScenario scenario, ServerKind server, RunSettings settings, TextWriter console)
{
    private readonly LoadScenario _scenario = settings.ProtocolOverride is { } protocol ? scenario with { Protocol = protocol } : scenario;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly List<ChildProcess> _children = [];
    private string _runDirectory = "";

    /// <summary>Runs the scenario; never throws for a failed run (the report says what failed).</summary>
    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        var clients = settings.ClientsOverride > 0 ? settings.ClientsOverride : _scenario.Clients;
        var fidelity = settings.FidelityOverride >= 0 ? settings.FidelityOverride : _scenario.Fidelity;
        var report = new RunReport
        {
            Scenario = _scenario.Name,
            Description = _scenario.Description,
            Server = server.ToString().ToLowerInvariant(),
            Protocol = HubProtocolName.Of(_scenario.Protocol),
            Clients = clients,
            Fidelity = fidelity,
            InstrumentsPerClient = _scenario.InstrumentsPerClient,
            TicksPerSecond = _scenario.TicksPerSecond,
        };
        _runDirectory = Path.Combine(settings.OutputDirectory, $"{_scenario.Name}-{report.Server}");
        Directory.CreateDirectory(_runDirectory);
        var ledgerPath = SendLedger.DefaultPath($"{Environment.ProcessId}-{_scenario.Name}-{report.Server}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RunTimeout);
        try
        {
            using var ledger = SendLedger.Create(ledgerPath, _scenario.Universe, RingSizeFor(scenario));
            await RunCoreAsync(ledger, report, clients, fidelity, timeout.Token);
            report.Completed = report.Error is null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or InvalidOperationException or IOException or HttpRequestException or JsonException or SocketException)
        {
            report.Error = timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? $"the run exceeded its {settings.RunTimeout.TotalSeconds:F0} s limit ({ex.Message})"
                : ex.Message;
        }
        finally
        {
            foreach (var child in _children)
            {
                await child.DisposeAsync();
            }

            _children.Clear();
            File.Delete(ledgerPath);
        }

        Validate(report);
        return report;
    }

    private async Task RunCoreAsync(SendLedger ledger, RunReport report, int clients, int fidelity, CancellationToken cancellationToken)
    {
        // The feed: rate per instrument so that the subscribed instruments, hot ones included, add up to the total.
        var subscribed = new HashSet<int>();
        for (var c = 0; c < clients + fidelity; c++)
        {
            var staller = c < clients && InstrumentAssignment.IsStaller(c, _scenario.StallFraction);
            var hot = staller && _scenario.StallersHoldHot ? _scenario.HotInstruments : 0;
            var count = staller && _scenario.StallerInstruments > 0 ? _scenario.StallerInstruments : _scenario.InstrumentsPerClient;
            subscribed.UnionWith(InstrumentAssignment.For(c, count, _scenario.Universe, settings.Seed, hot));
        }

        report.SubscribedInstruments = subscribed.Count;
        var hotSubscribed = subscribed.Count(i => i < _scenario.HotInstruments);
        double RateFor(double total) => total <= 0 ? MinimumRate : total / (subscribed.Count - hotSubscribed + (hotSubscribed * _scenario.HotMultiplier));

        var feedPort = FreePort();
        var hubPort = FreePort();
        var simulator = Start("simulator", "sim",
        [
            "--port", Text(feedPort), "--ledger", ledger.Path, "--universe", Text(_scenario.Universe),
            "--rate", Text(RateFor(_scenario.TicksPerSecond)), "--hot", Text(_scenario.IsIdle ? 0 : _scenario.HotInstruments),
            "--hot-multiplier", Text(_scenario.HotMultiplier), "--seed", Text(settings.Seed),
        ]);
        await WaitUntilAsync(() => ledger.ReadCounter(LedgerCounter.SimulatorReady) > 0, TimeSpan.FromSeconds(30), simulator, "the simulator did not start", cancellationToken);

        var probePath = Path.Combine(_runDirectory, "server.probe");
        var serverProcess = StartServer(feedPort, hubPort, probePath);
        await WaitForHubAsync(hubPort, serverProcess, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken);
        var before = ProcessSample.Read(serverProcess.Id);
        var beforeRuntime = RuntimeSample.Read(probePath);
        report.RssBeforeClientsBytes = before?.RssBytes ?? 0;
        report.HeapBeforeClientsBytes = beforeRuntime?.HeapBytes ?? -1;

        // Clients, split over processes.
        var started = _time.GetTimestamp();
        var processes = (int)Math.Ceiling(clients / (double)settings.ClientsPerProcess);
        var resultPaths = new List<string>();
        var clientProcesses = new List<ChildProcess>();
        var first = 0;
        for (var p = 0; p < processes; p++)
        {
            var count = (clients / processes) + (p < clients % processes ? 1 : 0);
            var resultPath = Path.Combine(_runDirectory, $"clients-{p}.json");
            resultPaths.Add(resultPath);
            clientProcesses.Add(Start($"clients-{p}", "clients",
            [
                "--hub", $"ws://127.0.0.1:{hubPort}/hubs/market", "--ledger", ledger.Path,
                "--protocol", report.Protocol, "--first-client", Text(first), "--count", Text(count),
                "--instruments-per-client", Text(_scenario.InstrumentsPerClient), "--universe", Text(_scenario.Universe),
                "--seed", Text(settings.Seed), "--stall-fraction", Text(_scenario.StallFraction),
                "--staller-hot", Text(_scenario.StallersHoldHot ? _scenario.HotInstruments : 0), "--staller-instruments", Text(_scenario.StallerInstruments),
                "--fidelity", Text(p == 0 ? fidelity : 0), "--fidelity-first-client", Text(clients),
                "--result", resultPath, "--deadline-seconds", Text(settings.RunTimeout.TotalSeconds),
            ]));
            first += count;
        }

        var total = clients + fidelity;
        await WaitUntilAsync(() => ledger.ReadCounter(LedgerCounter.Subscribed) >= total, TimeSpan.FromSeconds(90), serverProcess, $"not every client subscribed (only {ledger.ReadCounter(LedgerCounter.Subscribed)} of {total})", cancellationToken, tolerateTimeout: true);
        report.SubscribeSeconds = _time.GetElapsedTime(started).TotalSeconds;
        if (!_scenario.IsIdle)
        {
            await WaitUntilAsync(() => ledger.ReadCounter(LedgerCounter.Complete) >= total, TimeSpan.FromSeconds(30), serverProcess, "not every client received each of its instruments", cancellationToken, tolerateTimeout: true);
        }

        await Task.Delay(TimeSpan.FromSeconds(_scenario.WarmupSeconds), _time, cancellationToken);
        console.WriteLine($"  {_scenario.Name}/{report.Server}: {ledger.ReadCounter(LedgerCounter.Subscribed)}/{total} subscribed in {report.SubscribeSeconds:F1} s, {ledger.ReadCounter(LedgerCounter.Complete)} complete; measuring");

        var windowStarts = new List<(long Timestamp, ProcessSample? Process, RuntimeSample? Runtime)>();
        var windowEnds = new List<(long Timestamp, ProcessSample? Process, RuntimeSample? Runtime)>();
        var metricsPath = probePath + ".metrics";
        var counterStarts = new List<ServerCounters>();
        var machineStarts = new List<(MachineSample? Machine, double Harness)>();
        var machineEnds = new List<(MachineSample? Machine, double Harness)>();
        var counterEnds = new List<ServerCounters>();
        for (var w = 0; w < _scenario.Windows.Count; w++)
        {
            var plan = _scenario.Windows[w];
            var seconds = plan.Seconds * settings.DurationScale;
            switch (plan.Action)
            {
                case WindowAction.Stall:
                    ledger.PostCommand(LoadCommand.Stall, (long)(seconds * 1000));
                    break;
                case WindowAction.Reconnect:
                    ledger.PostCommand(LoadCommand.Reconnect, 0);
                    break;
                case WindowAction.Rate:
                    ledger.RequestedTickRate = RateFor(plan.TicksPerSecond);
                    break;
                default:
                    break;
            }

            ledger.Window = w + 1;
            await File.WriteAllTextAsync(metricsPath + ".window", Text(w + 1), cancellationToken);
            var startStamp = _time.GetTimestamp();
            windowStarts.Add((startStamp, ProcessSample.Read(serverProcess.Id), await RuntimeSample.ReadFreshAsync(probePath, startStamp, cancellationToken)));
            counterStarts.Add(ServerCounters.Read(metricsPath));
            machineStarts.Add((MachineSample.Read(), HarnessCpuSeconds()));
            var remaining = TimeSpan.FromSeconds(seconds) - _time.GetElapsedTime(startStamp);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, _time, cancellationToken);
            }

            var endStamp = _time.GetTimestamp();
            windowEnds.Add((endStamp, ProcessSample.Read(serverProcess.Id), await RuntimeSample.ReadFreshAsync(probePath, endStamp, cancellationToken)));
            counterEnds.Add(ServerCounters.Read(metricsPath));
            machineEnds.Add((MachineSample.Read(), HarnessCpuSeconds()));
            if (serverProcess.HasExited)
            {
                throw new InvalidOperationException($"the server exited during window '{plan.Name}' (exit code {serverProcess.ExitCode}); see {_runDirectory}/server.log");
            }
        }

        // Idle runs: what the connections keep once the GC's headroom is gone (both servers alike, after every other figure).
        if (_scenario.IsIdle)
        {
            report.RssAfterFullGcBytes = await RssAfterFullGcAsync(probePath, serverProcess, cancellationToken);
        }

        // Drain: sends from now on are not measured; in-flight ones still count for their window.
        ledger.Window = SendLedger.DrainWindow;
        await File.WriteAllTextAsync(metricsPath + ".window", Text(SendLedger.DrainWindow), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), _time, cancellationToken);
        report.SimulatorCpuSeconds = ProcessSample.Read(simulator.Id)?.CpuSeconds ?? 0;
        ledger.StopRequested = true;
        foreach (var process in clientProcesses)
        {
            if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(40), cancellationToken))
            {
                report.Error = $"{process.Name} did not write its results in time";
            }
        }

        var results = new List<ClientsResult>();
        foreach (var path in resultPaths)
        {
            if (File.Exists(path))
            {
                results.Add(JsonSerializer.Deserialize<ClientsResult>(await File.ReadAllTextAsync(path, cancellationToken), LoadJson.Options)!);
            }
            else
            {
                report.Error ??= $"missing client results {path}";
            }
        }

        Merge(report, results, ledger, windowStarts, windowEnds, before, beforeRuntime, clients);
        var final = ServerCounters.Read(metricsPath);
        var (gen2, large) = ReadGen2(probePath + ".gc2");
        for (var w = 0; w < report.Windows.Count && w < counterStarts.Count && w < counterEnds.Count; w++)
        {
            report.Windows[w].ServerCounters = counterEnds[w].Since(counterStarts[w]);
            report.Windows[w].ServerHistograms = final.ForWindow(w + 1);
            report.Windows[w].Server.Gen2Reasons = [.. gen2.Where(g => g.Timestamp >= windowStarts[w].Timestamp && g.Timestamp <= windowEnds[w].Timestamp).Select(g => g.Reason)];
            report.Windows[w].Server.LargeAllocations = large.Where(g => g.Timestamp >= windowStarts[w].Timestamp && g.Timestamp <= windowEnds[w].Timestamp)
                .GroupBy(g => g.Type).ToDictionary(g => g.Key, g => g.Count());
            if (machineStarts[w].Machine is { } ms && machineEnds[w].Machine is { } me)
            {
                var seconds = report.Windows[w].Seconds;
                report.Windows[w].MachineBusyCores = (me.BusySeconds - ms.BusySeconds) / seconds;
                report.Windows[w].HarnessCores = (machineEnds[w].Harness - machineStarts[w].Harness) / seconds;
                report.Windows[w].OtherCores = Math.Max(0, report.Windows[w].MachineBusyCores - report.Windows[w].HarnessCores);
                report.Windows[w].LoadAverage = me.LoadAverage;
            }
        }
    }

    private void Merge(
        RunReport report,
        List<ClientsResult> results,
        SendLedger ledger,
        List<(long Timestamp, ProcessSample? Process, RuntimeSample? Runtime)> starts,
        List<(long Timestamp, ProcessSample? Process, RuntimeSample? Runtime)> ends,
        ProcessSample? before,
        RuntimeSample? beforeRuntime,
        int clients)
    {
        var recovery = new LatencyHistogram();
        var groupSizes = new Dictionary<string, int>();
        foreach (var result in results)
        {
            report.CompleteClients += result.Complete;
            report.Failures += result.Failures;
            FailureReason.Merge(report.FailureReasons, result.FailureReasons);
            report.Disconnects += result.Disconnects;
            report.Rejected += result.Rejected;
            report.Foreign += result.Foreign;
            report.ClientCpuSeconds += result.CpuSeconds;
            report.Dropped += result.Dropped;
            report.Recovered += result.Recovered;
            report.TickWireBytesMax = Math.Max(report.TickWireBytesMax, result.TickSizeMax);
            if (result.TickSizeMin > 0)
            {
                report.TickWireBytesMin = report.TickWireBytesMin == 0 ? result.TickSizeMin : Math.Min(report.TickWireBytesMin, result.TickSizeMin);
            }

            if (result.Recovery.Length > 0)
            {
                recovery.Add(LatencyHistogram.FromSparse(result.Recovery, result.RecoveryMax, result.RecoverySum));
            }

            foreach (var (group, size) in result.GroupSizes)
            {
                groupSizes[group] = groupSizes.GetValueOrDefault(group) + size;
            }
        }

        report.RecoveryP50Ms = recovery.Percentile(50) / 1000.0;
        report.RecoveryP99Ms = recovery.Percentile(99) / 1000.0;
        report.RecoveryMaxMs = recovery.Max / 1000.0;

        for (var w = 0; w < _scenario.Windows.Count && w < starts.Count && w < ends.Count; w++)
        {
            var seconds = _time.GetElapsedTime(starts[w].Timestamp, ends[w].Timestamp).TotalSeconds;
            var window = new WindowReport { Name = _scenario.Windows[w].Name, Seconds = seconds };
            for (var i = 0; i < ledger.InstrumentCount; i++)
            {
                var (firstTick, lastTick) = ledger.WindowRange(i, w + 1);
                if (firstTick >= 0)
                {
                    window.UpstreamTicks += lastTick - firstTick + 1;
                }
            }

            window.UpstreamTicksPerSecond = window.UpstreamTicks / seconds;
            var all = new WindowCounts();
            foreach (var group in groupSizes.Keys.Order(StringComparer.Ordinal))
            {
                var merged = new WindowCounts();
                foreach (var result in results)
                {
                    if (result.Groups.TryGetValue(group, out var windows) && windows.Length > w + 1)
                    {
                        merged.Add(windows[w + 1].ToCounts());
                    }
                }

                window.Groups[group] = GroupWindowReport.From(merged, groupSizes[group], seconds);
                all.Add(merged);
            }

            window.Total = GroupWindowReport.From(all, groupSizes.Values.Sum(), seconds);
            window.Server = ServerFigures(starts[w].Process, ends[w].Process, starts[w].Runtime, ends[w].Runtime, all.Received, seconds);
            report.Windows.Add(window);
        }

        if (report.Windows.Count > 0 && before is { } b && clients > 0)
        {
            report.RssPerConnectionBytes = (report.Windows[0].Server.RssEndBytes - b.RssBytes) / (double)clients;
            if (report.RssAfterFullGcBytes > 0)
            {
                report.RssAfterFullGcPerConnectionBytes = (report.RssAfterFullGcBytes - b.RssBytes) / (double)clients;
            }

            if (beforeRuntime is { } br && report.Windows[0].Server.HeapEndBytes >= 0)
            {
                report.HeapPerConnectionBytes = (report.Windows[0].Server.HeapEndBytes - br.HeapBytes) / (double)clients;
            }
        }
    }

    private static ServerWindowReport ServerFigures(ProcessSample? start, ProcessSample? end, RuntimeSample? runtimeStart, RuntimeSample? runtimeEnd, long deliveries, double seconds)
    {
        var figures = new ServerWindowReport();
        if (start is { } s && end is { } e)
        {
            figures.CpuSeconds = e.CpuSeconds - s.CpuSeconds;
            figures.CpuCores = figures.CpuSeconds / seconds;
            figures.CpuSecondsPerMillion = deliveries > 0 ? figures.CpuSeconds / deliveries * 1e6 : 0;
            figures.RssStartBytes = s.RssBytes;
            figures.RssEndBytes = e.RssBytes;
            figures.PeakRssBytes = e.PeakRssBytes;
            figures.Threads = e.Threads;
        }

        if (runtimeStart is { } rs && runtimeEnd is { } re)
        {
            figures.Gen0 = re.Gen0 - rs.Gen0;
            figures.Gen1 = re.Gen1 - rs.Gen1;
            figures.Gen2 = re.Gen2 - rs.Gen2;
            figures.AllocatedBytes = re.AllocatedBytes - rs.AllocatedBytes;
            figures.AllocatedBytesPerDelivery = deliveries > 0 ? figures.AllocatedBytes / (double)deliveries : -1;
            figures.GcPauseMs = re.PauseMilliseconds - rs.PauseMilliseconds;
            figures.HeapEndBytes = re.HeapBytes;
        }

        return figures;
    }

    // Correctness, as the CI smoke asserts it: every client got each of its instruments, and nothing was lost
    // without a newer value arriving (received + conflated = expected) for the clients that kept reading.
    private void Validate(RunReport report)
    {
        if (report.Error is { } error)
        {
            report.Problems.Add(error);
        }

        var total = report.Clients + report.Fidelity;
        if (!_scenario.IsIdle && report.CompleteClients < total)
        {
            report.Problems.Add($"{total - report.CompleteClients} of {total} clients never received some of their instruments");
        }

        // A reconnect storm fails some connects by design, and a server may cut off a client that stopped reading.
        var failuresExpected = _scenario.Windows.Any(w => w.Action is WindowAction.Reconnect or WindowAction.Stall);
        if (report.Failures > 0)
        {
            var message = $"{report.Failures} client sessions failed or were cut off (connect, handshake, subscribe or reset): {FailureReason.Describe(report.FailureReasons)}";
            (failuresExpected ? report.Notes : report.Problems).Add(message);
        }

        if (report.Rejected > 0)
        {
            report.Problems.Add($"{report.Rejected} instruments were refused on subscribe");
        }

        if (report.Foreign > 0)
        {
            report.Problems.Add($"{report.Foreign} deliveries of instruments the client had not subscribed to");
        }

        foreach (var window in report.Windows)
        {
            foreach (var (group, figures) in window.Groups)
            {
                if (figures.Reordered > 0)
                {
                    report.Problems.Add($"window {window.Name}, {group}: {figures.Reordered} deliveries older than one already delivered");
                }

                if (figures.Duplicates > 0)
                {
                    report.Notes.Add($"window {window.Name}, {group}: {figures.Duplicates} ticks delivered twice");
                }

                var checkLoss = group != nameof(ConnectionGroup.Stalling) && window.Name != "storm";
                if (checkLoss && figures.Lost > 0)
                {
                    report.Problems.Add($"window {window.Name}, {group}: {figures.Lost} of {figures.Expected} deliveries lost (never superseded)");
                }

                if (checkLoss && figures.Received + figures.Conflated + figures.Lost != figures.Expected)
                {
                    report.Problems.Add($"window {window.Name}, {group}: received {figures.Received} + conflated {figures.Conflated} + lost {figures.Lost} ≠ expected {figures.Expected}");
                }
            }
        }
    }

    // Lines of "timestamp reason type" written by the GC probe; reason names for the common codes.
    private static (List<(long Timestamp, string Reason)> Gen2, List<(long Timestamp, string Type)> Large) ReadGen2(string path)
    {
        var large = new List<(long, string)>();
        string[] names = ["alloc-small", "induced", "low-memory", "empty", "alloc-large", "soh-out-of-space", "loh-out-of-space", "induced-not-forced", "internal", "induced-low-memory", "induced-compacting", "low-memory-host", "pm-full-gc", "low-memory-host-blocking"];
        var list = new List<(long, string)>();
        try
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ');
                if (parts.Length == 4 && parts[1] == "L" && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var at))
                {
                    large.Add((at, parts[2]));
                }
                else if (parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var timestamp) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var reason))
                {
                    var name = reason >= 0 && reason < names.Length ? names[reason] : $"reason-{reason}";
                    list.Add((timestamp, parts[2] == "1" ? $"{name} (background)" : name));
                }
            }
        }
        catch (IOException)
        {
            // No probe output.
        }

        return (list, large);
    }

    // CPU seconds of every process of this run so far (children of `dotnet` included: they are the processes themselves).
    private double HarnessCpuSeconds() => _children.Sum(c => c.HasExited ? 0 : ProcessSample.Read(c.Id)?.CpuSeconds ?? 0);

    private ChildProcess StartServer(int feedPort, int hubPort, string probePath)
    {
        var feedUrl = $"ws://127.0.0.1:{feedPort}/";
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = settings.BenchDll,
            [StartupHook.FileVariable] = probePath,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        if (server == ServerKind.Relay)
        {
            string[] arguments =
            [
                settings.RelayDll, "--urls", $"http://127.0.0.1:{hubPort}",
                "--Relay:Feed:Mode=Dhan", $"--Relay:Feed:Url={feedUrl}",
                $"--Relay:Feed:ClientId={LoadDefaults.ClientId}", $"--Relay:Feed:AccessToken={LoadDefaults.AccessToken}",
                $"--Relay:Storage:Path={Path.Combine(_runDirectory, "relay.db")}", // a fresh database per run: no state restored from an earlier one
                .. settings.RelayArguments,
            ];
            var child = ChildProcess.StartDotnet("relay", arguments, Path.Combine(_runDirectory, "server.log"), Path.GetDirectoryName(settings.RelayDll), environment);
            _children.Add(child);
            return child;
        }

        // The same runtime settings as Relay's published configuration (Server GC, its gen0 budget cap, every other
        // System.GC.* knob): the baseline runs under Relay's own runtimeconfig.json, so the comparison is like for like.
        var query = $"?version=2&token={LoadDefaults.AccessToken}&clientId={LoadDefaults.ClientId}&authType=2";
        string[] baselineArguments = ["--urls", $"http://127.0.0.1:{hubPort}", "--feed", feedUrl + query];
        var relayConfig = Path.ChangeExtension(settings.RelayDll, ".runtimeconfig.json");
        if (!File.Exists(relayConfig))
        {
            return Start("baseline", "baseline-server", baselineArguments, environment, "server.log");
        }

        var baseline = ChildProcess.StartDotnet(
            "baseline",
            ["exec", "--runtimeconfig", relayConfig, settings.BenchDll, "baseline-server", .. baselineArguments],
            Path.Combine(_runDirectory, "server.log"),
            environment: environment);
        _children.Add(baseline);
        return baseline;
    }

    // Asks the server's startup hook for one full compacting GC with decommit and reads the RSS after it; 0 when the
    // hook did not answer within 20 s.
    private async Task<long> RssAfterFullGcAsync(string probePath, ChildProcess serverProcess, CancellationToken cancellationToken)
    {
        var done = probePath + StartupHook.CollectedSuffix;
        File.Delete(done);
        await File.WriteAllTextAsync(probePath + StartupHook.CollectSuffix, "1", cancellationToken);
        var start = _time.GetTimestamp();
        while (_time.GetElapsedTime(start) < TimeSpan.FromSeconds(20) && !serverProcess.HasExited)
        {
            if (File.Exists(done))
            {
                return ProcessSample.Read(serverProcess.Id)?.RssBytes ?? 0;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }

        console.WriteLine("  warning: the server did not run the requested full GC within 20 s");
        return 0;
    }

    private ChildProcess Start(string name, string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? logName = null)
    {
        var child = ChildProcess.StartDotnet(name, [settings.BenchDll, command, .. arguments], Path.Combine(_runDirectory, logName ?? $"{name}.log"), environment: environment);
        _children.Add(child);
        return child;
    }

    private async Task WaitForHubAsync(int port, ChildProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = new Uri($"http://127.0.0.1:{port}{Core.Contracts.MarketHub.Path}/negotiate?negotiateVersion=1");
        var deadline = _time.GetTimestamp() + (long)(60 * _time.TimestampFrequency);
        while (_time.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited at start (exit code {process.ExitCode}); see {_runDirectory}/server.log");
            }

            try
            {
                using var response = await http.PostAsync(url, content: null, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken);
        }

        throw new TimeoutException("the server's hub did not answer within 60 s");
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, ChildProcess watched, string failure, CancellationToken cancellationToken, bool tolerateTimeout = false)
    {
        var start = _time.GetTimestamp();
        while (!condition())
        {
            if (watched.HasExited)
            {
                throw new InvalidOperationException($"{watched.Name} exited (code {watched.ExitCode}); see {_runDirectory}");
            }

            if (_time.GetElapsedTime(start) > timeout)
            {
                if (tolerateTimeout)
                {
                    console.WriteLine($"  warning: {failure} within {timeout.TotalSeconds:F0} s");
                    return;
                }

                throw new TimeoutException($"{failure} within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }
    }

    /// <summary>The simulator's smallest tick rate per instrument: idle scenarios use it (about one tick per instrument per 17 min).</summary>
    private const double MinimumRate = 0.001;

    private static int RingSizeFor(LoadScenario scenario) => scenario.Universe <= 500 ? 4096 : 1024;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
