using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

[TestFixture(RelayProtocol.Json)]
[TestFixture(RelayProtocol.MessagePack)]
internal sealed class RelayClientTests(RelayProtocol protocol)
{
    private static readonly InstrumentKey Reliance = InstrumentKey.Parse("NSE_EQ:2885");
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");
    private static readonly InstrumentKey Nifty = InstrumentKey.Parse("IDX_I:13");
    private static readonly InstrumentKey Future = InstrumentKey.Parse("NSE_FNO:52175");

    private ClientTestServer _server = null!;

    [SetUp]
    public async Task StartServerAsync() => _server = await ClientTestServer.StartAsync();

    [TearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    [CancelAfter(15_000)]
    public async Task SubscribeAsync_Connected_ReturnsAcceptedResultWithSnapshotAndFillsCache(CancellationToken cancellationToken)
    {
        _server.State.Snapshots[Hdfc] = ClientTestServer.Full(Hdfc, 1642.5, receivedAt: 10);
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);

        var results = await context.Client.SubscribeAsync([Hdfc, Reliance, Hdfc], FeedMode.Quote, cancellationToken);

        results.Should().HaveCount(2);
        results[0].Instrument.Should().Be(Hdfc);
        results[0].Status.Should().Be(SubscriptionStatus.Accepted);
        results[0].Mode.Should().Be(FeedMode.Quote);
        results[0].Snapshot!.Ltp.Should().Be(1642.5);
        results[0].Snapshot!.Depth.Should().ContainSingle().Which.AskQuantity.Should().Be(20);
        results[1].Instrument.Should().Be(Reliance);
        results[1].IsAccepted.Should().BeTrue();
        results[1].Snapshot.Should().BeNull();
        _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Quote).Should().BeTrue();

        var view = context.Client.Last(Hdfc);
        view.Should().NotBeNull();
        view!.Ltp.Should().Be(1642.5);
        view.Detail.Should().Be(FeedMode.Full);
        view.LastKind.Should().Be(MarketMessageKind.Snapshot);
        context.Client.Last(Reliance).Should().BeNull("no snapshot and no update arrived for it yet");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SubscribeAsync_RejectedInstrument_ReturnsReasonAndForgetsIt(CancellationToken cancellationToken)
    {
        _server.State.Rejections[Future] = "Not in the instrument master.";
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);

        var results = await context.Client.SubscribeAsync([Future, Hdfc], FeedMode.Ticker, cancellationToken);

        results[0].Status.Should().Be(SubscriptionStatus.Rejected);
        results[0].Reason.Should().Be("Not in the instrument master.");
        results[1].IsAccepted.Should().BeTrue();
        context.Client.Ledger.Desired().Should().Equal(new Relay.Client.Internal.DesiredSubscription(Hdfc, FeedMode.Ticker));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SubscribeAsync_EachMode_ReceivesOnlyThatModesMessages(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        await context.Client.SubscribeAsync([Reliance], FeedMode.Quote, cancellationToken);
        await context.Client.SubscribeAsync([Nifty], FeedMode.Full, cancellationToken);

        await _server.PublishAsync(Hdfc, 1600);
        await _server.PublishAsync(Reliance, 2900);
        await _server.PublishAsync(Nifty, 24000);

        // One connection delivers in order: once the last message is in, every earlier one is too.
        await ClientTestWait.UntilAsync(() => context.Fulls.Any(m => ClientTestContext.Is(m, Nifty)), "the Full of Nifty arrived", cancellationToken);
        context.Ticks.Should().ContainSingle().Which.Ltp.Should().Be(1600);
        context.Ticks.Single().SecurityId.Should().Be("1333");
        context.Quotes.Should().ContainSingle().Which.SecurityId.Should().Be("2885");
        context.Quotes.Single().Volume.Should().Be(500);
        context.Fulls.Should().ContainSingle().Which.Depth.Should().HaveCount(1);
        context.Client.Last(Reliance)!.Volume.Should().Be(500);
        context.Client.Last(Reliance)!.Detail.Should().Be(FeedMode.Quote);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task TickReceived_PositionalTick_TextsPriceAndCacheAsSent(CancellationToken cancellationToken)
    {
        var option = InstrumentKey.Parse("BSE_FNO:1234567");
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([option], FeedMode.Ticker, cancellationToken);

        await context.PublishUntilTickAsync(_server, option, 123456.05, cancellationToken);

        context.Ticks.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new TickMessage { ExchangeSegment = "BSE_FNO", SecurityId = "1234567", Ltp = 123456.05, Ltt = 1_700_000_000 },
            "MessagePack's float32 reads back as the same shortest decimal JSON carries");
        var view = context.Client.Last(option)!;
        view.Ltp.Should().Be(123456.05);
        view.Detail.Should().Be(FeedMode.Ticker);
        view.ReceivedAt.Should().Be(0, "a tick carries no receive time");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task TickReceived_MalformedTick_DroppedAndTheConnectionCarriesOn(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);

        await _server.SendRawAsync(nameof(IMarketClient.Tick), new object[] { 6, 1333, 1600.5, 1_700_000_000 });
        await _server.SendRawAsync(nameof(IMarketClient.Tick), new QuoteMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 1600.75 });
        await context.PublishUntilTickAsync(_server, Hdfc, 1601, cancellationToken);

        context.Ticks.Should().ContainSingle().Which.Ltp.Should().Be(1601);
        context.Client.State.Should().Be(RelayConnectionState.Connected);
        context.Client.Last(Hdfc)!.Ltp.Should().Be(1601);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task UnsubscribeAsync_AfterSubscribe_StopsUpdatesAndEvictsCache(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc, Reliance], FeedMode.Ticker, cancellationToken);
        await context.PublishUntilTickAsync(_server, Hdfc, 1, cancellationToken);
        context.Client.Last(Hdfc).Should().NotBeNull();

        await context.Client.UnsubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        await _server.PublishAsync(Hdfc, 2);
        await _server.PublishAsync(Reliance, 3);

        await ClientTestWait.UntilAsync(() => context.HasTick(Reliance, 3), "Reliance's tick arrived", cancellationToken);
        context.HasTick(Hdfc, 2).Should().BeFalse("Hdfc was unsubscribed before its second tick was published");
        _server.State.Received(MarketHub.Unsubscribe, Hdfc, FeedMode.Ticker).Should().BeTrue();
        context.Client.Last(Hdfc).Should().BeNull();
        context.Client.Last(Reliance)!.Ltp.Should().Be(3);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Last_AfterServerStopped_AnswersFromCache(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Quote, cancellationToken);
        await _server.PublishAsync(Hdfc, 1650.25, receivedAt: 5);
        await ClientTestWait.UntilAsync(() => context.Quotes.Count == 1, "the quote arrived", cancellationToken);

        await _server.StopAsync();
        await ClientTestWait.UntilAsync(() => context.Client.State != RelayConnectionState.Connected, "the client noticed the server stopped", cancellationToken);

        var view = context.Client.Last(Hdfc);
        view!.Ltp.Should().Be(1650.25);
        view.Open.Should().Be(1649.25);
        view.ReceivedAt.Should().Be(5);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task StreamAsync_PerInstrument_YieldsSnapshotThenOnlyThatInstrumentsUpdates(CancellationToken cancellationToken)
    {
        _server.State.Snapshots[Hdfc] = ClientTestServer.Full(Hdfc, 1600);
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await using var stream = context.Client.StreamAsync(Hdfc);
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);

        await context.Client.SubscribeAsync([Hdfc, Reliance], FeedMode.Quote, cancellationToken);
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        enumerator.Current.Kind.Should().Be(MarketMessageKind.Snapshot);
        enumerator.Current.Full!.Ltp.Should().Be(1600);

        await _server.PublishAsync(Reliance, 2900);
        await _server.PublishAsync(Hdfc, 1601);
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        enumerator.Current.Instrument.Should().Be(Hdfc);
        enumerator.Current.Kind.Should().Be(MarketMessageKind.Quote);
        enumerator.Current.Quote!.Ltp.Should().Be(1601);
        enumerator.Current.Ltp.Should().Be(1601);
        stream.ConflatedCount.Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task StreamAsync_SlowConsumer_ConflatesNewestWinsAndStaysBounded(CancellationToken cancellationToken)
    {
        InstrumentKey[] instruments = [.. Enumerable.Range(1, 5).Select(i => new InstrumentKey(ExchangeSegment.NSE_EQ, (uint)i))];
        const int Rounds = 100;
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync(instruments, FeedMode.Ticker, cancellationToken);
        await using var stream = context.Client.StreamAsync();
        var firstRead = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var received = new List<MarketUpdate>();
        var consumer = Task.Run(
            async () =>
            {
                await foreach (var update in stream.WithCancellation(cancellationToken))
                {
                    received.Add(update);
                    if (received.Count == 1)
                    {
                        firstRead.SetResult();
                        await gate.Task.WaitAsync(cancellationToken); // The consumer is stuck while the feed runs on.
                    }

                    if (instruments.All(i => received.Any(u => u.Instrument == i && u.Ltp == Rounds)))
                    {
                        return;
                    }
                }
            },
            cancellationToken);

        await _server.PublishAsync(instruments[0], 0);
        await firstRead.Task.WaitAsync(cancellationToken);
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var instrument in instruments)
            {
                await _server.PublishAsync(instrument, round);
            }
        }

        await ClientTestWait.UntilAsync(() => context.Ticks.Count == 1 + (Rounds * instruments.Length), "every tick reached the client", cancellationToken);
        stream.PendingCount.Should().Be(instruments.Length);
        stream.QueueLength.Should().Be(instruments.Length, "one queued key per instrument, however many updates arrived");
        stream.MaxPendingCount.Should().BeLessThanOrEqualTo(instruments.Length, "the stream holds one update per instrument at most");
        stream.ConflatedCount.Should().Be((Rounds - 1) * instruments.Length);
        stream.DroppedCount.Should().Be(0);

        gate.SetResult();
        await consumer.WaitAsync(cancellationToken);
        received.Should().HaveCount(1 + instruments.Length, "after the stall only the newest update of each instrument is left");
        received.Skip(1).Select(u => u.Ltp).Should().AllBeEquivalentTo((double)Rounds);
        stream.DeliveredCount.Should().Be(received.Count);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task StreamAsync_ClientDisposed_EnumerationEnds(CancellationToken cancellationToken)
    {
        var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        var stream = context.Client.StreamAsync();
        var consumer = Task.Run(async () => await stream.CountAsync(cancellationToken), cancellationToken);

        await context.DisposeAsync();

        (await consumer.WaitAsync(cancellationToken)).Should().Be(0);
        context.Client.OpenStreamCount.Should().Be(0);
        var act = () => context.Client.StreamAsync();
        act.Should().Throw<ObjectDisposedException>();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task FeedStatus_OnConnectAndOnChange_PropertyAndEventFollow(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        var statuses = new List<string>();
        context.Client.FeedStatusChanged += (_, m) => statuses.Add(m.State);

        await context.Client.ConnectAsync(cancellationToken);
        await ClientTestWait.UntilAsync(() => context.Client.FeedStatus is not null, "the feed status sent on connect arrived", cancellationToken);
        context.Client.FeedStatus!.State.Should().Be("Connected");
        context.Client.FeedStatus.Source.Should().Be("Simulator");

        await _server.PublishFeedStatusAsync(new FeedStatusMessage { State = nameof(FeedState.Stale), Reason = "No frame for 15 s", Source = "Dhan", Since = 42 });
        await ClientTestWait.UntilAsync(() => context.Client.FeedStatus!.State == "Stale", "the new feed status arrived", cancellationToken);
        context.Client.FeedStatus!.Reason.Should().Be("No frame for 15 s");
        context.Client.FeedStatus.Since.Should().Be(42);
        statuses.Should().Equal("Connected", "Stale");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task StateChanged_ConnectThenDispose_ReportsEachTransition(CancellationToken cancellationToken)
    {
        var context = new ClientTestContext(_server.Url, protocol);
        context.Client.State.Should().Be(RelayConnectionState.Disconnected);

        await context.Client.ConnectAsync(cancellationToken);
        context.Client.State.Should().Be(RelayConnectionState.Connected);
        await context.DisposeAsync();

        context.Client.State.Should().Be(RelayConnectionState.Disconnected);
        context.States.Should().Equal(RelayConnectionState.Connecting, RelayConnectionState.Connected, RelayConnectionState.Disconnected);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Bind_Handler_ReceivesCallbacksUntilUnbound(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        var handler = new RecordingMarketClient();
        var binding = context.Client.Bind(handler);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Full, cancellationToken);
        await _server.PublishAsync(Hdfc, 1600);
        await ClientTestWait.UntilAsync(() => handler.Fulls.Count == 1, "the bound handler got the Full", cancellationToken);
        handler.FeedStatuses.Should().ContainSingle();

        binding.Dispose();
        await _server.PublishAsync(Hdfc, 1601);
        await ClientTestWait.UntilAsync(() => context.Fulls.Count == 2, "the second Full arrived", cancellationToken);
        handler.Fulls.Should().ContainSingle("the handler was unbound before the second Full");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ConnectAsync_AccessTokenProvider_SendsTokenToServer(CancellationToken cancellationToken)
    {
        var calls = 0;
        await using var context = new ClientTestContext(_server.Url, protocol, accessToken: () =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult<string?>("token-123");
        });

        await context.Client.ConnectAsync(cancellationToken);

        calls.Should().BeGreaterThan(0);
        await ClientTestWait.UntilAsync(() => !_server.State.AccessTokens.IsEmpty, "the hub saw the connection", cancellationToken);
        _server.State.AccessTokens.Should().ContainSingle().Which.Should().Be("token-123");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ConnectAsync_EventHandlerThrows_OtherHandlersAndConnectionCarryOn(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        context.Client.TickReceived += (_, _) => throw new InvalidOperationException("handler bug");
        var after = 0;
        context.Client.TickReceived += (_, _) => Interlocked.Increment(ref after);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);

        await context.PublishUntilTickAsync(_server, Hdfc, 1, cancellationToken);
        await context.PublishUntilTickAsync(_server, Hdfc, 2, cancellationToken);

        after.Should().Be(2);
        context.Client.State.Should().Be(RelayConnectionState.Connected);
    }

    private sealed class RecordingMarketClient : IMarketClient
    {
        public System.Collections.Concurrent.ConcurrentQueue<FullMessage> Fulls { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<FeedStatusMessage> FeedStatuses { get; } = new();

        public Task Tick(TickMessage message) => Task.CompletedTask;

        public Task Quote(QuoteMessage message) => Task.CompletedTask;

        public Task Full(FullMessage message)
        {
            Fulls.Enqueue(message);
            return Task.CompletedTask;
        }

        public Task FeedStatus(FeedStatusMessage message)
        {
            FeedStatuses.Enqueue(message);
            return Task.CompletedTask;
        }

        public Task OrderUpdate(OrderUpdateMessage message) => Task.CompletedTask;
    }
}
