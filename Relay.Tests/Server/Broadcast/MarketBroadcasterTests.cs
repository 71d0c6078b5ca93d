using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;
using Relay.Server.Broadcast;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;

namespace Relay.Tests.Server.Broadcast;

internal sealed class MarketBroadcasterTests
{
    private const int PendingCap = 8;

    // Relay with a small pending cap and small socket buffers, so that a client which stops reading reaches the cap soon.
    private static Task<ServerTestApp> StartWithPendingCapAsync(string stallAbortAfter) =>
        ServerTestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Broadcast:MaxPendingWritesPerConnection"] = PendingCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Broadcast:StallAbortAfter"] = stallAbortAfter,
        }, socketSendBufferBytes: 16 * 1024);

    private static InstrumentKey[] FortyInstruments(uint firstId) =>
        Enumerable.Range(1, 40).Select(i => new InstrumentKey(ExchangeSegment.NSE_FNO, firstId + (uint)i)).ToArray();

    [Test]
    [CancelAfter(90_000)]
    public async Task SlowClient_NeverReads_HealthyClientKeepsFullRateAndLaggardIsDroppedThenAborted(CancellationToken cancellationToken)
    {
        await using var app = await StartWithPendingCapAsync(stallAbortAfter: "00:00:01");
        var instruments = FortyInstruments(35_000);
        var marker = instruments[^1]; // Published last in each round: once it arrives, the whole round did.
        await using var healthy = await app.ConnectAsync(cancellationToken);
        await healthy.SubscribeAsync("Full", cancellationToken, instruments);
        using var stalled = await ServerRawHubSocket.ConnectAsync(app.BaseUri, cancellationToken, receiveBufferBytes: 4096);
        var refs = string.Join(',', instruments.Select(i => $$"""{"exchangeSegment":"NSE_FNO","securityId":"{{i.SecurityId}}"}"""));
        await stalled.SendAsync($$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[[{{refs}}],"Full"]}""", cancellationToken);
        await stalled.ReceiveUntilAsync("\"invocationId\":\"1\"", cancellationToken);
        var stalledId = app.Registry.HubSubscribers.Single(s => s.ConnectionId != healthy.Connection.ConnectionId).ConnectionId;
        // From here on the raw client never reads again.

        var rounds = 0;
        var firstDropRound = 0;
        var slowestRound = TimeSpan.Zero;
        while (!app.Feed.Released.Contains(stalledId))
        {
            rounds.Should().BeLessThan(5000, "the laggard must be aborted long before that");
            var ltt = (uint)++rounds;
            var started = TimeProvider.System.GetTimestamp();
            foreach (var instrument in instruments)
            {
                app.Publish(Full(instrument, ltt));
            }

            await ServerWait.UntilAsync(() => healthy.Fulls.Any(f => f.Ltt == ltt && f.SecurityId == marker.SecurityIdText), $"the healthy client got round {ltt}", TimeSpan.FromSeconds(5));
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            slowestRound = elapsed > slowestRound ? elapsed : slowestRound;
            if (firstDropRound == 0 && app.Metrics.Snapshot().DroppedTotal > 0)
            {
                firstDropRound = rounds;
            }
        }

        var stats = app.Metrics.Snapshot();
        stats.Dropped[DropReason.PendingCap].Should().BePositive("the laggard's updates were dropped once it was at its cap");
        stats.Aborted[AbortReason.StalledTooLong].Should().Be(1);
        stats.MaxPendingWritesObserved.Should().BeInRange(1, PendingCap, "pending writes per connection never exceed the cap");
        healthy.Fulls.Should().HaveCount(rounds * instruments.Length, "the healthy client lost nothing");
        slowestRound.Should().BeLessThan(TimeSpan.FromSeconds(2), "the healthy client was never held up by the laggard");
        app.Logs.Entries.Should().NotContain(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        TestContext.Out.WriteLine($"{rounds} rounds of {instruments.Length} Full updates; slowest round {slowestRound.TotalMilliseconds:F0} ms; {stats.Dropped[DropReason.PendingCap]} dropped for the laggard from round {firstDropRound}.");

        // And afterwards the healthy client still gets everything.
        app.Publish(Full(marker, ltt: 999_999));
        await ServerWait.UntilAsync(() => healthy.Fulls.Any(f => f.Ltt == 999_999), "the healthy client got the update after the abort");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SlowClient_DroppedAtCapThenReadsAgain_GetsNewestValueOfQuietInstruments(CancellationToken cancellationToken)
    {
        await using var app = await StartWithPendingCapAsync(stallAbortAfter: "00:05:00");
        var broadcaster = app.Services.GetRequiredService<MarketBroadcaster>();
        var instruments = FortyInstruments(36_000);
        using var client = await ServerRawHubSocket.ConnectAsync(app.BaseUri, cancellationToken, receiveBufferBytes: 4096);
        var refs = string.Join(',', instruments.Select(i => $$"""{"exchangeSegment":"NSE_FNO","securityId":"{{i.SecurityId}}"}"""));
        await client.SendAsync($$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[[{{refs}}],"Ticker"]}""", cancellationToken);
        await client.ReceiveUntilAsync("\"invocationId\":\"1\"", cancellationToken);

        // The client stops reading; rounds of updates fill its socket and pending writes until updates are dropped.
        uint round = 0;
        while (app.Metrics.Snapshot().Dropped[DropReason.PendingCap] == 0)
        {
            round.Should().BeLessThan(5000u, "the client's socket must fill long before that");
            round++;
            foreach (var instrument in instruments)
            {
                app.Publish(Full(instrument, ltt: round));
            }

            await ServerWait.UntilAsync(() => broadcaster.QueuedInstruments == 0, "the round was sent");
        }

        // A last value per instrument (dropped for this client, which is at its cap), then the instruments go quiet.
        var finalLtt = instruments.ToDictionary(i => i.SecurityIdText, i => 1_000_000u + i.SecurityId - 36_000);
        var dropsBefore = app.Metrics.Snapshot().Dropped[DropReason.PendingCap];
        foreach (var instrument in instruments)
        {
            app.Publish(Full(instrument, ltt: finalLtt[instrument.SecurityIdText]));
        }

        await ServerWait.UntilAsync(() => app.Metrics.Snapshot().Dropped[DropReason.PendingCap] > dropsBefore, "the last values were dropped for the stalled client");

        // The client reads again: once its writes drain it must get every instrument's last value.
        var missing = finalLtt.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        while (missing.Count > 0)
        {
            var message = await client.ReceiveAsync(cancellationToken);
            if (message.Contains("\"target\":\"Tick\"", StringComparison.Ordinal))
            {
                missing.RemoveWhere(ltt => System.Text.RegularExpressions.Regex.IsMatch(message, $@"(?<![0-9.]){ltt}(?![0-9.])"));
            }
        }

        app.Metrics.Snapshot().CaughtUp.Should().BePositive("the dropped last values were re-sent once the client drained");
        app.Metrics.Snapshot().Aborted.Values.Sum().Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task OnUpdated_BurstBeforeTheLoopRuns_ConflatedToNewestValue(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank);

        const int Burst = 10_000;
        for (uint ltt = 1; ltt <= Burst; ltt++)
        {
            app.Publish(Full(HdfcBank, ltt));
        }

        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == Burst), "the newest value arrived");
        var stats = app.Metrics.Snapshot();
        stats.UpdatesIn.Should().Be(Burst);
        (stats.Published + stats.Conflated).Should().Be(Burst, "every notification was either sent or folded into a newer one");
        stats.Conflated.Should().BePositive();
        client.Ticks.Count.Should().Be((int)stats.Published);
        client.Ticks.Select(t => t.Ltt).Should().BeInAscendingOrder();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task OnUpdated_StateAlreadySent_NotSentTwice(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank);
        app.Publish(Full(HdfcBank, ltt: 1), Relay.Core.Market.MarketUpdateKind.Ticker);
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 1), "the first tick arrived");

        // The notification of an update whose state already went out with the previous send.
        app.Notify(HdfcBank, Relay.Core.Market.MarketUpdateKind.Ticker);
        app.Publish(Full(HdfcBank, ltt: 2), Relay.Core.Market.MarketUpdateKind.Ticker);
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 2), "the second tick arrived");

        client.Ticks.Select(t => t.Ltt).Should().Equal(1L, 2L);
        var stats = app.Metrics.Snapshot();
        (stats.Published, stats.Conflated).Should().Be((2L, 1L));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task OnUpdated_InstrumentNobodyHolds_SendsNothing(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank);

        app.Publish(Full(Reliance, ltt: 1));
        app.Publish(Full(HdfcBank, ltt: 2));
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 2), "the held instrument's tick arrived");

        client.Ticks.Should().ContainSingle();
        app.Metrics.Snapshot().Published.Should().Be(1);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task OnUpdated_PrevCloseOnly_ReachesQuoteButNotTickerGroup(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var ticker = await app.ConnectAsync(cancellationToken);
        await using var quote = await app.ConnectAsync(cancellationToken);
        await ticker.SubscribeAsync("Ticker", cancellationToken, HdfcBank);
        await quote.SubscribeAsync("Quote", cancellationToken, HdfcBank);

        app.Publish(Full(HdfcBank, ltt: 1), Relay.Core.Market.MarketUpdateKind.PrevClose);
        await ServerWait.UntilAsync(() => quote.Quotes.Any(q => q.Ltt == 1), "the quote client got the previous close");
        app.Publish(Full(HdfcBank, ltt: 2), Relay.Core.Market.MarketUpdateKind.Ticker);
        await ServerWait.UntilAsync(() => ticker.Ticks.Any(t => t.Ltt == 2) && quote.Quotes.Any(q => q.Ltt == 2), "the ticker update reached both");

        ticker.Ticks.Select(t => t.Ltt).Should().Equal(2L);
        quote.Quotes.Select(q => q.Ltt).Should().Equal(1L, 2L);
    }

    [Test]
    public void GroupName_InstrumentAndMode_TextKeyBarMode() =>
        InstrumentSubscribers.GroupName(HdfcBank, FeedMode.Full).Should().Be("NSE_EQ:1333|Full");

    [Test]
    public void OnUpdated_NotHeldOrAlreadyPending_ReturnsWithoutAllocating()
    {
        using var meterFactory = new ServerMeterFactory();
        using var metrics = new BroadcastMetrics(meterFactory);
        var registry = new SubscriberRegistry();
        registry.Add(new Relay.Server.Compat.CompatSubscriber(new Relay.Server.Compat.CompatOutbox(16, 16, metrics)));
        registry.Join(registry.CompatSubscribers[0], [HdfcBank], FeedMode.Ticker);
        using var broadcaster = new MarketBroadcaster(
            registry,
            new ServerFakeMarketState(),
            new ServerFakeMarketFeed(),
            metrics,
            TimeProvider.System,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(Microsoft.Extensions.Logging.Abstractions.NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance),
            Microsoft.Extensions.Options.Options.Create(new BroadcastOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MarketBroadcaster>.Instance);
        broadcaster.OnUpdated(HdfcBank, Relay.Core.Market.MarketUpdateKind.Ticker); // Clean -> dirty: queued once (the loop is not running).
        const int Calls = 100_000;

        var started = TimeProvider.System.GetTimestamp();
        var (allocated, windows) = AllocationMeter.Least(() =>
        {
            for (var i = 0; i < Calls; i++)
            {
                broadcaster.OnUpdated(HdfcBank, Relay.Core.Market.MarketUpdateKind.Full); // Already pending: conflated.
                broadcaster.OnUpdated(Reliance, Relay.Core.Market.MarketUpdateKind.Full); // Nobody holds it.
            }
        });
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        allocated.Should().Be(0);
        broadcaster.QueuedInstruments.Should().Be(1, "the queue holds an instrument once, however many updates it had");
        metrics.Snapshot().Conflated.Should().Be(windows * Calls);
        TestContext.Out.WriteLine($"OnUpdated: {elapsed.TotalNanoseconds / (2.0 * Calls * windows):F0} ns per call.");
    }
}
