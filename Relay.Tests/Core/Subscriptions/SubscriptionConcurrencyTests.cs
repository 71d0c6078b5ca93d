using Relay.Core.Contracts;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

internal sealed class SubscriptionConcurrencyTests
{
    private const int Sockets = 2;
    private const int Cap = 150;           // 300 in all, for a universe of 500: refusals happen
    private const int Universe = 500;
    private const int Workers = 4;
    private const int ConnectionsPerWorker = 4;
    private const int OperationsPerWorker = 6000;

    [TestCase(20261129, false)]
    [TestCase(7, false)]
    [TestCase(42, true)]
    [TestCase(1234, true)]
    [CancelAfter(60000)]
    public async Task RandomTraffic_ConcurrentWithFlushesAndReconciliation_UpstreamEqualsRichestUnionAndLimitsHold(
        int seed, bool restartSessions, CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(Sockets, Cap, TimeProvider.System, TimeSpan.FromMilliseconds(1));
        await h.ConnectAllAsync(cancellationToken);
        await h.Sync.StartAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var background = new List<Task> { ReconcileRepeatedlyAsync(h, stop.Token) };
        if (restartSessions)
        {
            background.Add(RestartSessionsRepeatedlyAsync(h, seed, stop.Token));
        }

        // Each worker owns its connections, so it can model exactly what each one holds.
        var models = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => RunWorkerAsync(h.Set, seed, w), cancellationToken)));
        await stop.CancelAsync();
        await Task.WhenAll(background);
        await h.Sync.StopAsync(cancellationToken);
        await h.Sync.FlushAsync(cancellationToken);

        var held = models.SelectMany(m => m).ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (connection, instruments) in held)
        {
            SyncHarness.Sorted(h.Set.GetHeldBy(connection)).Should().Equal(SyncHarness.Sorted(ToModes(instruments)), "the set should hold what {0} was told it holds", connection);
        }

        var expected = new Dictionary<InstrumentKey, FeedMode>();
        foreach (var (instrument, mask) in held.Values.SelectMany(m => m))
        {
            var richest = Richest(mask);
            expected[instrument] = expected.TryGetValue(instrument, out var other) && other > richest ? other : richest;
        }

        var upstream = new Dictionary<InstrumentKey, FeedMode>();
        var duplicates = new List<InstrumentMode>();
        for (var socket = 0; socket < Sockets; socket++)
        {
            foreach (var item in h.Upstream.HoldingsOf(socket))
            {
                if (!upstream.TryAdd(item.Instrument, item.Mode))
                {
                    duplicates.Add(item);
                }
            }
        }

        TestContext.Out.WriteLine($"counters {h.Sync.Counters} refusals {h.Set.Refusals} requests {h.Upstream.Requests.Count} redundant {h.Upstream.RedundantSubscribes}/{h.Upstream.RedundantUnsubscribes} notconnected {h.Upstream.NotConnectedSends} expected {expected.Count}");
        h.Upstream.Violations.Should().BeEmpty("no request over 100, no socket over its cap, ever");
        duplicates.Should().BeEmpty("an instrument lives on one socket in one mode");
        Sorted(upstream).Should().Equal(Sorted(expected));
        h.UpstreamShouldMatchDesired();
        h.Set.Refusals.Should().BePositive("the run should have pushed against the capacity");
        expected.Should().NotBeEmpty();
        if (!restartSessions)
        {
            var counters = h.Sync.Counters;
            counters.Repairs.Should().Be(0, "without failures nothing drifts");
            counters.CapacityDeferrals.Should().Be(0);
            counters.SendFailures.Should().Be(0);
            h.Upstream.RedundantSubscribes.Should().Be(0);
            h.Upstream.RedundantUnsubscribes.Should().Be(0);
        }
    }

    private static async Task<Dictionary<string, Dictionary<InstrumentKey, byte>>> RunWorkerAsync(SubscriptionSet set, int seed, int worker)
    {
        var random = new Random((seed * 31) + worker);
        var model = new Dictionary<string, Dictionary<InstrumentKey, byte>>();
        var connections = Enumerable.Range(0, ConnectionsPerWorker).Select(c => $"w{worker}-c{c}").ToArray();
        foreach (var connection in connections)
        {
            model[connection] = [];
        }

        for (var operation = 0; operation < OperationsPerWorker; operation++)
        {
            var connection = connections[random.Next(connections.Length)];
            var holds = model[connection];
            var mode = (FeedMode)random.Next(1, 4);
            var bit = (byte)(1 << (int)mode);
            var roll = random.Next(100);
            if (roll < 50)
            {
                foreach (var outcome in set.Subscribe(connection, RandomKeys(random, random.Next(1, 8)), mode))
                {
                    if (outcome.Accepted)
                    {
                        holds.TryGetValue(outcome.Instrument, out var mask);
                        holds[outcome.Instrument] = (byte)(mask | bit);
                    }
                }
            }
            else if (roll < 92)
            {
                var keys = holds.Count > 0 && random.Next(4) > 0
                    ? [.. holds.Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 8))]
                    : RandomKeys(random, random.Next(1, 8));
                set.Unsubscribe(connection, keys, mode);
                foreach (var key in keys)
                {
                    if (holds.TryGetValue(key, out var mask) && (mask &= (byte)~bit) == 0)
                    {
                        holds.Remove(key);
                    }
                    else if (holds.ContainsKey(key))
                    {
                        holds[key] = mask;
                    }
                }
            }
            else if (roll < 96)
            {
                set.ReleaseConnection(connection);
                holds.Clear();
            }
            else
            {
                set.CountHeldBy(connection).Should().Be(holds.Count);
            }

            if (operation % 50 == 0)
            {
                await Task.Yield();
            }
        }

        return model;
    }

    private static async Task ReconcileRepeatedlyAsync(SyncHarness h, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await h.Sync.ReconcileAsync(cancellationToken);
                await Task.Delay(3, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task RestartSessionsRepeatedlyAsync(SyncHarness h, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        try
        {
            while (true)
            {
                await Task.Delay(random.Next(2, 15), cancellationToken);
                var socket = random.Next(Sockets);
                h.Upstream.Disconnect(socket);
                h.Sync.OnSessionEnded(socket);
                await Task.Yield();
                h.Upstream.Connect(socket);

                // Not cancellable: a session is never left half started.
                await h.Sync.OnSessionStartedAsync(socket, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static InstrumentKey[] RandomKeys(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new InstrumentKey(ExchangeSegment.NSE_FNO, (uint)random.Next(1, Universe + 1)))];

    private static FeedMode Richest(byte mask) => (mask & (1 << (int)FeedMode.Full)) != 0 ? FeedMode.Full
        : (mask & (1 << (int)FeedMode.Quote)) != 0 ? FeedMode.Quote
        : FeedMode.Ticker;

    private static IEnumerable<InstrumentMode> ToModes(Dictionary<InstrumentKey, byte> instruments) =>
        from pair in instruments
        from mode in new[] { FeedMode.Ticker, FeedMode.Quote, FeedMode.Full }
        where (pair.Value & (1 << (int)mode)) != 0
        select new InstrumentMode(pair.Key, mode);

    private static List<InstrumentMode> Sorted(Dictionary<InstrumentKey, FeedMode> items) =>
        SyncHarness.Sorted(items.Select(pair => new InstrumentMode(pair.Key, pair.Value)));
}
