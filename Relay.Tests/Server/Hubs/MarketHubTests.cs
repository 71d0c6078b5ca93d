using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Hubs;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;
using MarketHub = Relay.Core.Contracts.MarketHub;

namespace Relay.Tests.Server.Hubs;

internal sealed class MarketHubTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_TwoClientsOverlappingInstrumentsDifferentModes_EachGetsOnlyItsInstrumentsInItsMode(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var ticker = await app.ConnectAsync(cancellationToken);
        await using var full = await app.ConnectAsync(cancellationToken, messagePack: true);
        (await ticker.SubscribeAsync("Ticker", cancellationToken, HdfcBank, Tcs)).Should().OnlyContain(r => r.Accepted);
        (await full.SubscribeAsync("full", cancellationToken, HdfcBank, Reliance)).Should().OnlyContain(r => r.Accepted);

        app.Publish(Full(Tcs, ltt: 1));
        app.Publish(Full(Reliance, ltt: 2));
        app.Publish(Full(HdfcBank, ltt: 3)); // Both hold it; sent last, so each connection has seen the others once it arrives.
        await ServerWait.UntilAsync(() => ticker.Ticks.Any(t => t.Ltt == 3) && full.Fulls.Any(f => f.Ltt == 3), "both clients got the last update");

        ticker.Ticks.Select(t => (t.SecurityId, t.Ltt)).Should().BeEquivalentTo([("11536", 1L), ("1333", 3L)]);
        ticker.Quotes.Should().BeEmpty();
        ticker.Fulls.Should().BeEmpty();
        full.Fulls.Select(f => (f.SecurityId, f.Ltt)).Should().BeEquivalentTo([("500325", 2L), ("1333", 3L)]);
        full.Fulls.Should().OnlyContain(f => f.Depth.Count == 5);
        full.Ticks.Should().BeEmpty();
        full.Quotes.Should().BeEmpty();
        app.Feed.Holds(ticker.Connection.ConnectionId!, HdfcBank, FeedMode.Ticker).Should().BeTrue();
        app.Feed.Holds(full.Connection.ConnectionId!, HdfcBank, FeedMode.Full).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_QuoteMode_GetsQuoteDerivedFromFullState(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("QUOTE", cancellationToken, HdfcBank);

        app.Publish(Full(HdfcBank, ltt: 7));
        await ServerWait.UntilAsync(() => !client.Quotes.IsEmpty, "the quote arrived");

        var quote = client.Quotes.Single();
        quote.Ltp.Should().Be(24350.05);
        quote.Oi.Should().Be(987_654);
        quote.PrevClose.Should().Be(24290.45);
        client.Ticks.Should().BeEmpty();
        client.Fulls.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_InstrumentWithKnownState_ReturnsSnapshotAtOnce(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.State.Set(Full(HdfcBank, ltt: 42));
        await using var client = await app.ConnectAsync(cancellationToken);

        var results = await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank, Reliance);

        results.Should().HaveCount(2);
        results[0].Accepted.Should().BeTrue();
        results[0].Snapshot.Should().NotBeNull();
        results[0].Snapshot!.Ltt.Should().Be(42);
        results[0].Snapshot!.Ltp.Should().Be(24350.05);
        results[0].Snapshot!.Depth.Should().HaveCount(5);
        results[1].Accepted.Should().BeTrue();
        results[1].Snapshot.Should().BeNull("nothing was ever received for it");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Unsubscribe_SubscribedInstrument_StopsDeliveryAndReleasesUpstreamReference(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank, Tcs);
        app.Publish(Full(HdfcBank, ltt: 1));
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 1), "the first tick arrived");

        await client.UnsubscribeAsync("ticker", cancellationToken, HdfcBank);
        app.Publish(Full(HdfcBank, ltt: 2));
        app.Publish(Full(Tcs, ltt: 3));
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 3), "the still-subscribed instrument ticked");

        client.Ticks.Should().NotContain(t => t.Ltt == 2);
        app.Feed.Holds(client.Connection.ConnectionId!, HdfcBank, FeedMode.Ticker).Should().BeFalse();
        app.Feed.Holds(client.Connection.ConnectionId!, Tcs, FeedMode.Ticker).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Unsubscribe_OtherMode_KeepsDelivery(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank);

        await client.UnsubscribeAsync("Full", cancellationToken, HdfcBank);
        app.Publish(Full(HdfcBank, ltt: 5));

        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 5), "the Ticker subscription still delivers");
        app.Feed.Holds(client.Connection.ConnectionId!, HdfcBank, FeedMode.Ticker).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Unsubscribe_InvalidInstrumentOrMode_ThrowsHubExceptionAndChangesNothing(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank);
        List<InstrumentRef> withBadOne = [InstrumentRef.From(HdfcBank), new() { ExchangeSegment = "NSE_EQ", SecurityId = "x1" }];

        var badInstrument = () => client.Connection.InvokeAsync(MarketHub.Unsubscribe, withBadOne, "Ticker", cancellationToken);
        var badMode = () => client.UnsubscribeAsync("Fast", cancellationToken, HdfcBank);

        (await badInstrument.Should().ThrowAsync<HubException>()).WithMessage("*Invalid instrument NSE_EQ:x1*not a positive integer*");
        (await badMode.Should().ThrowAsync<HubException>()).WithMessage("*Unknown mode 'Fast'*");
        app.Feed.Holds(client.Connection.ConnectionId!, HdfcBank, FeedMode.Ticker).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Disconnect_ClientHoldingInstruments_ReleasesConnectionAndLeavesGroups(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Full", cancellationToken, HdfcBank, Reliance);
        var connectionId = client.Connection.ConnectionId!;
        app.Registry.InstrumentCount.Should().Be(2);

        await client.DisposeAsync();

        await ServerWait.UntilAsync(() => app.Feed.Released.Contains(connectionId), "the feed released the connection");
        app.Feed.Released.Count(id => id == connectionId).Should().Be(1);
        app.Feed.CountHeldBy(connectionId).Should().Be(0);
        app.Registry.InstrumentCount.Should().Be(0);
        app.Registry.HubSubscribers.Should().BeEmpty();
    }

    [TestCase("NSE_XX", "1333", "Unknown exchange segment 'NSE_XX'")]
    [TestCase("NSE_EQ", "abc", "Security id 'abc' is not a positive integer")]
    [TestCase("NSE_EQ", "0", "Security id '0' is not a positive integer")]
    [TestCase("NSE_EQ", "-5", "not a positive integer")]
    [TestCase(null, "1333", "Missing exchangeSegment")]
    [TestCase("NSE_EQ", null, "Missing securityId")]
    [CancelAfter(20_000)]
    public async Task Subscribe_InvalidInstrument_RejectedWithReasonOthersAccepted(string? segment, string? securityId, string reason, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        List<InstrumentRef> instruments = [new() { ExchangeSegment = segment, SecurityId = securityId }, InstrumentRef.From(HdfcBank)];

        var results = await client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, instruments, "Full", cancellationToken);

        results.Should().HaveCount(2);
        results[0].Accepted.Should().BeFalse();
        results[0].Reason.Should().Contain(reason);
        results[0].ExchangeSegment.Should().Be(segment);
        results[0].SecurityId.Should().Be(securityId);
        results[1].Accepted.Should().BeTrue();
        app.Feed.CountHeldBy(client.Connection.ConnectionId!).Should().Be(1);
    }

    [TestCase("Tickr")]
    [TestCase("")]
    [TestCase("3")]
    [TestCase(null)]
    [CancelAfter(20_000)]
    public async Task Subscribe_UnknownMode_ThrowsClearHubExceptionAndChangesNothing(string? mode, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);

        var act = () => client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, new[] { InstrumentRef.From(HdfcBank) }, mode, cancellationToken);

        (await act.Should().ThrowAsync<HubException>()).WithMessage("*Unknown mode*Valid modes: Ticker, Quote, Full*");
        app.Feed.SubscribeCalls.Should().Be(0);
        app.Registry.InstrumentCount.Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_NullOrEmptyList_ThrowsClearHubException(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);

        var empty = () => client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, Array.Empty<InstrumentRef>(), "Full", cancellationToken);
        var none = () => client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, null, "Full", cancellationToken);

        (await empty.Should().ThrowAsync<HubException>()).WithMessage("*No instruments*");
        (await none.Should().ThrowAsync<HubException>()).WithMessage("*No instruments*");
        app.Feed.SubscribeCalls.Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_OverPerCallLimit_ThrowsHubExceptionAndFeedUntouched(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Hub:MaxInstrumentsPerCall"] = "3" });
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Full", cancellationToken, HdfcBank);

        var act = () => client.SubscribeAsync("Full", cancellationToken, Keys(1, 4));

        (await act.Should().ThrowAsync<HubException>()).WithMessage("*Too many instruments in one call: 4 (at most 3)*");
        app.Feed.CountHeldBy(client.Connection.ConnectionId!).Should().Be(1);
        app.Feed.SubscribeCalls.Should().Be(1);
        app.Registry.InstrumentCount.Should().Be(1);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_OverPerConnectionLimit_RejectsOnlyTheExcess(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Hub:MaxInstrumentsPerConnection"] = "3" });
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Ticker", cancellationToken, Keys(1, 2));

        // 1 and 2 are held already (another mode takes no extra room); 3 fits; 4 and 5 do not.
        var results = await client.SubscribeAsync("Full", cancellationToken, Keys(1, 5));

        results.Select(r => r.Accepted).Should().Equal(true, true, true, false, false);
        results[3].Reason.Should().Contain("limit of 3 instruments per connection");
        app.Feed.CountHeldBy(client.Connection.ConnectionId!).Should().Be(3);
        app.Registry.InstrumentCount.Should().Be(3);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_OverUpstreamCapacity_RejectedWithFeedReason(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.Feed.UpstreamCapacity = 2;
        await using var client = await app.ConnectAsync(cancellationToken);

        var results = await client.SubscribeAsync("Quote", cancellationToken, Keys(1, 3));

        results.Select(r => r.Accepted).Should().Equal(true, true, false);
        results[2].Reason.Should().Contain("upstream capacity");
        app.Registry.InstrumentCount.Should().Be(2, "a refused instrument joins no group");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_DuplicatesInOneCall_HandledOnce(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var client = await app.ConnectAsync(cancellationToken);
        List<InstrumentRef> instruments =
        [
            InstrumentRef.From(HdfcBank),
            new() { ExchangeSegment = "nse_eq", SecurityId = "1333" },
            InstrumentRef.From(Tcs),
            InstrumentRef.From(HdfcBank),
        ];

        var results = await client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, instruments, "Ticker", cancellationToken);
        app.Publish(Full(HdfcBank, ltt: 9));
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 9), "the tick arrived");
        app.Publish(Full(Tcs, ltt: 10));
        await ServerWait.UntilAsync(() => client.Ticks.Any(t => t.Ltt == 10), "the second tick arrived");

        results.Select(r => r.SecurityId).Should().Equal("1333", "11536");
        results.Should().OnlyContain(r => r.Accepted);
        client.Ticks.Count(t => t.Ltt == 9).Should().Be(1, "one membership, one message");
        app.Feed.CountHeldBy(client.Connection.ConnectionId!).Should().Be(2);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_InstrumentMissingFromCatalog_AcceptedWithWarning(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(services: s => s.AddSingleton<IInstrumentCatalog>(new OnlyCatalog(HdfcBank)));
        await using var client = await app.ConnectAsync(cancellationToken);

        var results = await client.SubscribeAsync("Ticker", cancellationToken, HdfcBank, Tcs);

        results.Should().OnlyContain(r => r.Accepted);
        results[0].Warning.Should().BeNull();
        results[1].Warning.Should().Contain("NSE_EQ:11536 is not in the instrument master");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Connect_Always_SendsFeedStatus(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();

        await using var client = await app.ConnectAsync(cancellationToken);

        await ServerWait.UntilAsync(() => !client.Statuses.IsEmpty, "the status arrived");
        var status = client.Statuses.Single();
        status.State.Should().Be("Connected");
        status.Source.Should().Be("Simulator");
        status.Since.Should().Be(1_729_412_345_000);
        status.Reason.Should().BeNull();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task StatusChanged_FeedReconnecting_EveryClientGetsIt(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        await using var first = await app.ConnectAsync(cancellationToken);
        await using var second = await app.ConnectAsync(cancellationToken, messagePack: true);
        await ServerWait.UntilAsync(() => !first.Statuses.IsEmpty && !second.Statuses.IsEmpty, "the connect statuses arrived");

        app.Feed.SetStatus(new FeedStatus(FeedState.Reconnecting, "Socket closed (1006).", "Dhan", DateTimeOffset.FromUnixTimeMilliseconds(1_729_412_400_000)));

        await ServerWait.UntilAsync(() => first.Statuses.Count == 2 && second.Statuses.Count == 2, "both got the change");
        foreach (var status in new[] { first.Statuses.Last(), second.Statuses.Last() })
        {
            status.State.Should().Be("Reconnecting");
            status.Reason.Should().Be("Socket closed (1006).");
            status.Source.Should().Be("Dhan");
            status.Since.Should().Be(1_729_412_400_000);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Stop_ServerShuttingDown_ClientsGetStoppedStatusWithoutErrors(CancellationToken cancellationToken)
    {
        var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Broadcast:ShutdownGrace"] = "00:00:00.250" });
        await using var client = await app.ConnectAsync(cancellationToken);
        await client.SubscribeAsync("Full", cancellationToken, HdfcBank);
        var closed = new TaskCompletionSource();
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await app.DisposeAsync();

        await closed.Task.WaitAsync(cancellationToken);
        client.Statuses.Last().State.Should().Be("Stopped");
        app.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Should().BeEmpty();
    }

    private static InstrumentKey[] Keys(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => new InstrumentKey(ExchangeSegment.NSE_EQ, (uint)i))];

    private sealed class OnlyCatalog(params InstrumentKey[] known) : IInstrumentCatalog
    {
        public ValueTask<bool> ExistsAsync(InstrumentKey instrument, CancellationToken cancellationToken) => ValueTask.FromResult(known.Contains(instrument));
    }
}
