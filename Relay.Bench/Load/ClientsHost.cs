using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Relay.Bench.Load;

/// <summary>
/// The <c>clients</c> sub-command: one process running many <see cref="LoadConnection"/>s (and optionally a few real
/// <c>Relay.Client</c> connections), driven by the commands in the <see cref="SendLedger"/>; writes a
/// <see cref="ClientsResult"/> JSON file when the orchestrator says stop (or at its own deadline).
/// </summary>
internal static class ClientsHost
{
    /// <summary>Runs the sub-command; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine options)
    {
        var hub = new Uri(options.Required("hub"));
        if (!HubProtocolName.TryParse(options.String("protocol", "json"), out var protocol))
        {
            throw new ArgumentException("--protocol takes json or messagepack.", nameof(options));
        }

        var firstClient = options.Int("first-client", 0);
        var count = options.Int("count", 10);
        var perClient = options.Int("instruments-per-client", 20);
        var universe = options.Int("universe", 2000);
        var firstSecurityId = options.Long("first-security-id", LoadDefaults.FirstSecurityId);
        var segment = options.String("segment", LoadDefaults.Segment);
        var seed = options.Int("seed", 1);
        var stallFraction = options.Double("stall-fraction", 0);
        var stallerHot = options.Int("staller-hot", 0);
        var stallerInstruments = options.Int("staller-instruments", 0);
        var fidelity = options.Int("fidelity", 0);
        var resultPath = options.Required("result");
        var deadline = TimeSpan.FromSeconds(options.Double("deadline-seconds", 600));
        var connectInterval = TimeSpan.FromMilliseconds(options.Double("connect-interval-ms", 2));

        using var ledger = SendLedger.Open(options.Required("ledger"));
        using var stop = new CancellationTokenSource(deadline);
        var time = TimeProvider.System;

        // A stuck client's kernel buffers are small (a phone, a frozen tab): stallers get a small receive buffer, so that
        // their stall reaches the server within the scenario instead of vanishing into megabytes of loopback buffering.
        var stallBuffer = options.Int("stall-receive-buffer", 16 * 1024);
        using var stallInvoker = stallFraction > 0 && stallBuffer > 0 ? new HttpMessageInvoker(SmallBufferHandler(stallBuffer)) : null;
        var connections = new List<LoadConnection>(count);
        for (var i = 0; i < count; i++)
        {
            var index = firstClient + i;
            var group = InstrumentAssignment.IsStaller(index, stallFraction) ? ConnectionGroup.Stalling : ConnectionGroup.Healthy;
            var instruments = group == ConnectionGroup.Stalling
                ? InstrumentAssignment.For(index, stallerInstruments > 0 ? stallerInstruments : perClient, universe, seed, stallerHot)
                : InstrumentAssignment.For(index, perClient, universe, seed);
            connections.Add(new LoadConnection(index, group, hub, protocol, ledger, instruments, firstSecurityId, segment, group == ConnectionGroup.Stalling ? stallInvoker : null));
        }

        var fidelityFirst = options.Int("fidelity-first-client", firstClient + count);
        var fidelityClients = new FidelityClients(hub, protocol, ledger, fidelityFirst, fidelity, perClient, universe, seed, firstSecurityId, segment);
        var tasks = new List<Task>(count + 2);
        foreach (var connection in connections)
        {
            tasks.Add(connection.RunAsync(stop.Token));
            if (connectInterval > TimeSpan.Zero)
            {
                await Task.Delay(connectInterval, time, stop.Token).ConfigureAwait(false);
            }
        }

        tasks.Add(fidelityClients.RunAsync(stop.Token));
        ledger.AddCounter(LedgerCounter.ProcessesReady, 1);
        var pings = PingLoopAsync(connections, stop.Token);
        var seenCommand = ledger.ReadCommand().Sequence;
        var dropped = 0;
        try
        {
            while (!ledger.StopRequested && !stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), time, stop.Token);
                var (sequence, command, argument) = ledger.ReadCommand();
                if (sequence == seenCommand)
                {
                    continue;
                }

                seenCommand = sequence;
                switch (command)
                {
                    case LoadCommand.Stall:
                        foreach (var connection in connections.Where(c => c.Group == ConnectionGroup.Stalling))
                        {
                            connection.Stall(TimeSpan.FromMilliseconds(argument));
                        }

                        break;
                    case LoadCommand.Reconnect:
                        foreach (var connection in connections)
                        {
                            connection.Drop();
                            dropped++;
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Own deadline.
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks.Append(pings)).WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(static _ => { }, TaskScheduler.Default);

        await fidelityClients.DisposeAsync(); // No callback runs past this point.
        var result = Summarize(connections, fidelityClients, dropped);
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result, LoadJson.Options));
        return 0;
    }

    private static SocketsHttpHandler SmallBufferHandler(int receiveBuffer) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = receiveBuffer };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static ClientsResult Summarize(List<LoadConnection> connections, FidelityClients fidelity, int dropped)
    {
        var groups = new Dictionary<ConnectionGroup, WindowCounts[]>();
        var sizes = new Dictionary<string, int>();
        var recovery = new LatencyHistogram();
        var result = new ClientsResult { Connections = connections.Count, Dropped = dropped };
        foreach (var connection in connections)
        {
            connection.Tracker.Finish();
            Merge(groups, connection.Group, connection.Tracker);
            sizes[connection.Group.ToString()] = sizes.GetValueOrDefault(connection.Group.ToString()) + 1;
            result.Complete += connection.Tracker.Complete ? 1 : 0;
            result.Failures += connection.Failures;
            FailureReason.Merge(result.FailureReasons, connection.FailureReasons);
            result.Disconnects += connection.Disconnects;
            result.Rejected += connection.Rejected;
            result.Foreign += connection.Tracker.Foreign;
            result.TickBytes += connection.TickBytes;
            result.TickCount += connection.TickCount;
            result.TickSizeMax = Math.Max(result.TickSizeMax, connection.TickSizeMax);
            if (connection.TickSizeMin > 0)
            {
                result.TickSizeMin = result.TickSizeMin == 0 ? connection.TickSizeMin : Math.Min(result.TickSizeMin, connection.TickSizeMin);
            }

            if (connection.RecoveryMicroseconds >= 0)
            {
                result.Recovered++;
                recovery.Record(connection.RecoveryMicroseconds);
            }
        }

        foreach (var tracker in fidelity.Trackers)
        {
            lock (tracker)
            {
                tracker.Finish();
            }

            Merge(groups, ConnectionGroup.Fidelity, tracker);
            sizes[nameof(ConnectionGroup.Fidelity)] = sizes.GetValueOrDefault(nameof(ConnectionGroup.Fidelity)) + 1;
            result.Complete += tracker.Complete ? 1 : 0;
            result.Connections++;
        }

        result.Failures += fidelity.Failures;
        FailureReason.Merge(result.FailureReasons, fidelity.FailureReasons);
        result.Groups = groups.ToDictionary(g => g.Key.ToString(), g => g.Value.Select(WindowResult.From).ToArray());
        result.GroupSizes = sizes;
        result.Recovery = recovery.ToSparse();
        result.RecoveryMax = recovery.Max;
        result.RecoverySum = recovery.Sum;
        result.CpuSeconds = ProcessSample.Read(Environment.ProcessId)?.CpuSeconds ?? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return result;
    }

    private static void Merge(Dictionary<ConnectionGroup, WindowCounts[]> groups, ConnectionGroup group, DeliveryTracker tracker)
    {
        if (!groups.TryGetValue(group, out var windows))
        {
            windows = [.. Enumerable.Range(0, SendLedger.MaxWindows + 1).Select(_ => new WindowCounts())];
            groups[group] = windows;
        }

        for (var w = 0; w < windows.Length; w++)
        {
            windows[w].Add(tracker.Windows[w]);
        }
    }

    private static async Task PingLoopAsync(List<LoadConnection> connections, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var connection in connections)
                {
                    await connection.PingAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
