using System.Net.WebSockets;
using System.Text.Json;
using Relay.Core.Contracts;
using Relay.Core.Upstream;
using Relay.Server.Broadcast;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;

namespace Relay.Tests.Server.Compat;

internal sealed class CompatWebSocketTests
{
    private const string SubscribeReliance = """{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"500325"}]}""";

    [Test]
    [CancelAfter(20_000)]
    public async Task Connect_Always_SendsFeedStatusFirst(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();

        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        (await socket.ReceiveAsync(cancellationToken)).Should().Be("""{"type":"status","message":"Feed Connected","state":"Connected","source":"Simulator"}""");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_ValidInstrument_RepliesCountThenTickersInSeedFormat(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync(SubscribeReliance, cancellationToken);
        var subscribed = await socket.ReceiveTypeAsync("subscribed", cancellationToken);
        app.Publish(Full(Reliance, ltt: 1_729_412_345, ltp: 1465.4f));
        var ticker = await socket.ReceiveTypeAsync("ticker", cancellationToken);

        subscribed.Should().Be("""{"type":"subscribed","count":1}""");
        ticker.Should().Be("""{"type":"ticker","securityId":"500325","exchangeSegment":"BSE_EQ","ltp":1465.4,"ltt":1729412345}""");
        var connectionId = app.Feed.Connections().Single();
        connectionId.Should().StartWith("ws:");
        app.Feed.Holds(connectionId, Reliance, FeedMode.Ticker).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_InstrumentWithKnownState_SendsLastTickerAtOnce(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.State.Set(Full(Reliance, ltt: 1_729_400_000, ltp: 1465.4f));
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync(SubscribeReliance, cancellationToken);

        (await socket.ReceiveTypeAsync("ticker", cancellationToken)).Should().Contain("\"ltt\":1729400000");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_SecurityIdAsNumber_Accepted(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync("""{"type":"subscribe","instruments":[{"exchangeSegment":"NSE_EQ","securityId":1333}]}""", cancellationToken);

        (await socket.ReceiveTypeAsync("subscribed", cancellationToken)).Should().Be("""{"type":"subscribed","count":1}""");
        app.Feed.Holds(app.Feed.Connections().Single(), HdfcBank, FeedMode.Ticker).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Unsubscribe_SubscribedInstrument_StopsTickersAndRepliesCount(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);
        await socket.SendAsync("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"500325"},{"exchangeSegment":"NSE_EQ","securityId":"1333"}]}""", cancellationToken);
        (await socket.ReceiveTypeAsync("subscribed", cancellationToken)).Should().Be("""{"type":"subscribed","count":2}""");

        await socket.SendAsync("""{"type":"unsubscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"500325"}]}""", cancellationToken);
        (await socket.ReceiveTypeAsync("subscribed", cancellationToken)).Should().Be("""{"type":"subscribed","count":1}""");
        app.Publish(Full(Reliance, ltt: 1));
        app.Publish(Full(HdfcBank, ltt: 2));
        var ticker = await socket.ReceiveTypeAsync("ticker", cancellationToken);

        ticker.Should().Contain("\"securityId\":\"1333\"", "the unsubscribed instrument sent nothing, so the first ticker is the other one");
        app.Feed.Holds(app.Feed.Connections().Single(), Reliance, FeedMode.Ticker).Should().BeFalse();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Ping_Always_Pong(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync("""{"type":"ping"}""", cancellationToken);

        (await socket.ReceiveTypeAsync("pong", cancellationToken)).Should().Be("""{"type":"pong"}""");
    }

    [TestCase("{not json", "Malformed JSON")]
    [TestCase("", "Malformed JSON")]
    [TestCase("[1,2]", "must be a JSON object with a string \\\"type\\\"")]
    [TestCase("""{"type":"dance"}""", "Unknown message type 'dance'")]
    [TestCase("""{"type":"subscribe"}""", "needs an \\\"instruments\\\" array")]
    [TestCase("""{"type":"subscribe","instruments":[]}""", "No instruments")]
    [TestCase("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"abc"}]}""", "BSE_EQ:abc: Security id 'abc' is not a positive integer")]
    [TestCase("""{"type":"subscribe","instruments":[{"exchangeSegment":"XYZ","securityId":"1"}]}""", "Unknown exchange segment 'XYZ'")]
    [TestCase("""{"type":"unsubscribe","instruments":[7]}""", "Missing exchangeSegment")]
    [CancelAfter(20_000)]
    public async Task Message_Invalid_RepliesErrorAndSocketStaysOpen(string message, string error, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync(message, cancellationToken);
        var reply = await socket.ReceiveTypeAsync("error", cancellationToken);
        await socket.SendAsync("""{"type":"ping"}""", cancellationToken);
        var pong = await socket.ReceiveTypeAsync("pong", cancellationToken);

        reply.Should().Contain(error);
        pong.Should().NotBeNull();
        socket.Socket.State.Should().Be(WebSocketState.Open);
        app.Feed.DistinctInstruments().Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_OneBadInstrument_ErrorForItOthersSubscribed(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"0"},{"exchangeSegment":"BSE_EQ","securityId":"500325"}]}""", cancellationToken);

        (await socket.ReceiveTypeAsync("error", cancellationToken)).Should().Contain("1 instrument rejected: BSE_EQ:0");
        (await socket.ReceiveTypeAsync("subscribed", cancellationToken)).Should().Be("""{"type":"subscribed","count":1}""");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_FeedThrows_ErrorAndSocketStaysOpen(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.Feed.SubscribeFailure = new InvalidOperationException("engine broken");
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync(SubscribeReliance, cancellationToken);
        var error = await socket.ReceiveTypeAsync("error", cancellationToken);
        await socket.SendAsync("{\"type\":\"ping\"}", cancellationToken);

        error.Should().Be("""{"type":"error","message":"The server could not handle this message."}""", "no internal detail leaks");
        (await socket.ReceiveTypeAsync("pong", cancellationToken)).Should().NotBeNull();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_OverPerCallLimit_ErrorAndNothingSubscribed(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Hub:MaxInstrumentsPerCall"] = "1" });
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"1"},{"exchangeSegment":"BSE_EQ","securityId":"2"}]}""", cancellationToken);

        (await socket.ReceiveTypeAsync("error", cancellationToken)).Should().Contain("Too many instruments in one call: 2 (at most 1)");
        app.Feed.SubscribeCalls.Should().Be(0);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Message_TooLarge_ErrorAndSocketStaysOpen(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Hub:MaxReceiveMessageBytes"] = "1024" });
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);

        await socket.SendAsync($$"""{"type":"ping","padding":"{{new string('x', 5000)}}"}""", cancellationToken);

        (await socket.ReceiveTypeAsync("error", cancellationToken)).Should().Contain("Message too large (at most 1024 bytes)");
        await socket.SendAsync("""{"type":"ping"}""", cancellationToken);
        (await socket.ReceiveTypeAsync("pong", cancellationToken)).Should().NotBeNull();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Socket_NeverReads_OutboxStaysBoundedThenSocketAbortedOnSendTimeout(CancellationToken cancellationToken)
    {
        const int MaxPending = 16;
        await using var app = await ServerTestApp.StartAsync(
            new Dictionary<string, string?> { ["Relay:Compat:MaxPendingInstruments"] = "16", ["Relay:Compat:SendTimeout"] = "00:00:00.500" },
            socketSendBufferBytes: 16 * 1024);
        using var stalled = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken, receiveBufferBytes: 4096);
        using var healthy = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);
        var instruments = Enumerable.Range(1, 200).Select(i => new InstrumentKey(ExchangeSegment.BSE_EQ, (uint)i)).ToArray();
        var refs = string.Join(',', instruments.Select(i => $$"""{"exchangeSegment":"BSE_EQ","securityId":"{{i.SecurityId}}"}"""));
        await stalled.SendAsync($$"""{"type":"subscribe","instruments":[{{refs}}]}""", cancellationToken);
        await stalled.ReceiveTypeAsync("subscribed", cancellationToken);
        await healthy.SendAsync("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"200"}]}""", cancellationToken);
        await healthy.ReceiveTypeAsync("subscribed", cancellationToken);
        var stalledSubscriber = app.Registry.CompatSubscribers.Single(s => app.Feed.CountHeldBy(s.ConnectionId) == 200);
        // From here on the stalled socket is never read again.

        var maxPending = 0;
        var round = 0u;
        while (!app.Feed.Released.Contains(stalledSubscriber.ConnectionId))
        {
            round.Should().BeLessThan(20_000u, "the laggard must be aborted long before that");
            round++;
            foreach (var instrument in instruments)
            {
                app.Publish(Full(instrument, round));
            }

            await ServerWait.UntilAsync(
                () => (app.Metrics.Snapshot() is var s && s.Published + s.Conflated >= s.UpdatesIn) || app.Feed.Released.Contains(stalledSubscriber.ConnectionId),
                "the round was broadcast"); // Once the laggard is gone, updates of instruments nobody holds are not sent.
            maxPending = Math.Max(maxPending, stalledSubscriber.Outbox.PendingInstruments);
            (await healthy.ReceiveTypeAsync("ticker", cancellationToken)).Should().Contain($"\"ltt\":{round}", "the healthy socket gets every round");
        }

        await ServerWait.UntilAsync(() => app.Metrics.Snapshot().AbortedTotal > 0, "the abort was counted");
        var stats = app.Metrics.Snapshot();
        maxPending.Should().BeInRange(1, MaxPending);
        stats.Dropped[DropReason.CompatTickerOutboxFull].Should().BePositive();
        stats.Aborted[AbortReason.CompatSendTimeout].Should().Be(1);
        app.Logs.Entries.Should().NotContain(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        TestContext.Out.WriteLine($"{round} rounds; outbox peaked at {maxPending}; {stats.Dropped[DropReason.CompatTickerOutboxFull]} dropped.");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task StatusChanged_FeedEvicted_SocketGetsStatus(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);
        await socket.ReceiveTypeAsync("status", cancellationToken);

        app.Feed.SetStatus(new FeedStatus(FeedState.Evicted, "Another connection took the slot (805).", "Dhan", DateTimeOffset.UnixEpoch));

        (await socket.ReceiveTypeAsync("status", cancellationToken)).Should().Be(
            """{"type":"status","message":"Feed Evicted: Another connection took the slot (805).","state":"Evicted","source":"Dhan"}""");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Close_ClientHoldingInstruments_ReleasesItsReferences(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);
        await socket.SendAsync(SubscribeReliance, cancellationToken);
        await socket.ReceiveTypeAsync("subscribed", cancellationToken);
        var connectionId = app.Feed.Connections().Single();

        await socket.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);

        await ServerWait.UntilAsync(() => app.Feed.Released.Contains(connectionId), "the feed released the socket");
        socket.Socket.State.Should().Be(WebSocketState.Closed, "the server answered the close handshake");
        app.Registry.CompatSubscribers.Should().BeEmpty();
        app.Registry.InstrumentCount.Should().Be(0);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Stop_ServerShuttingDown_SendsStoppedStatusAndClosesCleanly(CancellationToken cancellationToken)
    {
        var app = await ServerTestApp.StartAsync();
        using var socket = await ServerCompatSocket.ConnectAsync(app.BaseUri, cancellationToken);
        await socket.SendAsync(SubscribeReliance, cancellationToken);
        await socket.ReceiveTypeAsync("subscribed", cancellationToken);

        var stopping = app.DisposeAsync().AsTask();
        var status = await socket.ReceiveTypeAsync("status", cancellationToken);
        var end = await socket.ReceiveAsync(cancellationToken);
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        await stopping.WaitAsync(cancellationToken);

        using (var document = JsonDocument.Parse(status))
        {
            document.RootElement.GetProperty("state").GetString().Should().Be("Stopped");
        }

        end.Should().BeNull("the server closed the socket after the status");
        socket.Socket.CloseStatus.Should().Be(WebSocketCloseStatus.EndpointUnavailable);
        app.Logs.Entries.Should().NotContain(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
