using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>
/// A property test through <c>IMarketFeed</c>: tasks doing thousands of random subscribes, unsubscribes and
/// disconnects at once, over more instruments than the upstream can carry, with tight per-socket limits on both sides.
/// </summary>
internal sealed class FeedEngineConcurrencyTests
{
    private const int Tasks = 4;
    private const int OperationsPerTask = 3000;
    private const int ConnectionsPerTask = 4;
    private const int Sockets = 3;
    private const int PerSocket = 100;

    // More than Sockets × PerSocket, so some subscribes are refused for capacity.
    private static readonly InstrumentKey[] Universe = EngineHarness.Equities(360);
    private static readonly FeedMode[] AllModes = [FeedMode.Ticker, FeedMode.Quote, FeedMode.Full];

    [TestCase(20260715, false, "00:00:00")]
    [TestCase(4242, true, "00:00:00")]
    [TestCase(9001, true, "00:00:00.050")]
    [TestCase(9002, false, "00:00:00.020")]
    [CancelAfter(60_000)]
    public async Task RandomOperations_ManyTasksAtOnce_SimulatorHoldsTheUnionInTheRichestModeAndNoLimitWasBroken(
        int seed, bool dropMidway, string reconcileInterval, CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?>
            {
                ["Relay:Feed:MaxConnections"] = Sockets.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Relay:Feed:MaxInstrumentsPerConnection"] = PerSocket.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Relay:Simulator:MaxInstrumentsPerSocket"] = PerSocket.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Relay:Simulator:TicksPerSecondPerInstrument"] = "0.2",
                ["Relay:Subscriptions:ReconcileInterval"] = reconcileInterval,
            },
            cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == Sockets, EngineHarness.Patience, cancellationToken);
        var progress = 0;
        var models = new Dictionary<string, Dictionary<InstrumentKey, byte>>[Tasks];

        var workers = Enumerable.Range(0, Tasks).Select(t => Task.Run(
            async () =>
            {
                models[t] = await RunRandomOperationsAsync(engine, t, new Random(seed + t), () => Interlocked.Increment(ref progress), cancellationToken);
            },
            cancellationToken)).ToList();
        if (dropMidway)
        {
            await EngineHarness.WaitUntilAsync(() => Volatile.Read(ref progress) >= Tasks * OperationsPerTask / 2 || workers.Any(w => w.IsFaulted), "half of the operations", cancellationToken);
            simulator.DropConnections().Should().BeGreaterThan(0);
        }

        await Task.WhenAll(workers);

        // The union of what is still held, each instrument in the richest mode any connection holds it in.
        var expected = new Dictionary<InstrumentKey, FeedMode>();
        foreach (var (_, held) in models.SelectMany(m => m))
        {
            foreach (var (instrument, mask) in held)
            {
                var richest = AllModes.Last(m => (mask & Bit(m)) != 0);
                if (!expected.TryGetValue(instrument, out var mode) || richest > mode)
                {
                    expected[instrument] = richest;
                }
            }
        }

        expected.Should().NotBeEmpty();
        engine.Set.Refusals.Should().BePositive("the universe is larger than the upstream capacity");
        if (!dropMidway)
        {
            // Without a lost session nothing can put the sent state out of step: reconciliation must find nothing. (Across a
            // drop it may: a flush that failed on a dying socket leaves drift until the socket layer reports the session ended.)
            engine.Synchronizer.Counters.Repairs.Should().Be(0, "the incremental path alone kept the upstream exact");
        }
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == Sockets, EngineHarness.Patience, cancellationToken);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);

        simulator.Violations.Should().BeEmpty("no request over 100, no socket over its cap, no more than 5 sockets");
        var perSocket = simulator.OpenSocketIds.Select(id => simulator.GetSubscriptions(id)).ToList();
        perSocket.Should().OnlyContain(s => s.Count <= PerSocket && s.Values.All(modes => modes.Length == 1));
        perSocket.Sum(s => s.Count).Should().Be(expected.Count, "every instrument lives on one socket only");
        engine.Set.GetInstruments().ToDictionary(i => i.Instrument, i => i.Mode).Should().BeEquivalentTo(expected);
        foreach (var (connection, held) in models.SelectMany(m => m))
        {
            engine.Feed.CountHeldBy(connection).Should().Be(held.Count, "{0} holds what it was told it holds", connection);
        }
    }

    private static async Task<Dictionary<string, Dictionary<InstrumentKey, byte>>> RunRandomOperationsAsync(
        EngineHarness engine, int task, Random random, Func<int> step, CancellationToken cancellationToken)
    {
        var model = Enumerable.Range(0, ConnectionsPerTask).ToDictionary(c => $"task{task}-conn{c}", _ => new Dictionary<InstrumentKey, byte>());
        var connections = model.Keys.ToArray();
        for (var op = 0; op < OperationsPerTask; op++)
        {
            var connection = connections[random.Next(connections.Length)];
            var held = model[connection];
            var mode = AllModes[random.Next(AllModes.Length)];
            var roll = random.Next(100);
            if (roll < 50)
            {
                var outcomes = engine.Feed.Subscribe(connection, Pick(random, held), mode);
                foreach (var outcome in outcomes.Where(o => o.Accepted))
                {
                    held.TryGetValue(outcome.Instrument, out var mask);
                    held[outcome.Instrument] = (byte)(mask | Bit(mode));
                }

                outcomes.Should().NotContain(o => !o.Accepted && string.IsNullOrEmpty(o.Reason));
            }
            else if (roll < 88)
            {
                var instruments = Pick(random, held);
                engine.Feed.Unsubscribe(connection, instruments, mode);
                foreach (var instrument in instruments)
                {
                    if (held.TryGetValue(instrument, out var mask))
                    {
                        mask &= (byte)~Bit(mode);
                        if (mask == 0)
                        {
                            held.Remove(instrument);
                        }
                        else
                        {
                            held[instrument] = mask;
                        }
                    }
                }
            }
            else
            {
                engine.Feed.ReleaseConnection(connection);
                held.Clear();
            }

            step();
            if (op % 64 == 0)
            {
                // Let the sender loop interleave with the burst, as real client traffic would.
                await Task.Delay(1, cancellationToken);
            }
        }

        return model;
    }

    // 1 to 30 instruments, half of them (when it can) among those the connection already holds.
    private static InstrumentKey[] Pick(Random random, Dictionary<InstrumentKey, byte> held)
    {
        var count = random.Next(1, 31);
        var heldKeys = held.Keys.ToArray();
        var picked = new InstrumentKey[count];
        for (var i = 0; i < count; i++)
        {
            picked[i] = heldKeys.Length > 0 && random.Next(2) == 0
                ? heldKeys[random.Next(heldKeys.Length)]
                : Universe[random.Next(Universe.Length)];
        }

        return picked;
    }

    private static byte Bit(FeedMode mode) => (byte)(1 << (int)mode);
}
