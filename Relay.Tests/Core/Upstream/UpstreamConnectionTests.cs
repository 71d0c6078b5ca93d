using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Microsoft.Extensions.Time.Testing;
using Relay.Tests.Support;
using static Relay.Tests.Support.UpstreamTestFrames;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamConnectionTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey NiftyFut = new(ExchangeSegment.NSE_FNO, 55796);

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_WithCredentials_SendsVersionAuthTypeAndEscapedCredentials(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(credentials: new FeedCredentials("11 22&33", "a+b/c=d&e?f"), cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);

        var request = h.Server.Requests.Should().ContainSingle().Subject;
        request.Query.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["version"] = "2",
            ["token"] = "a+b/c=d&e?f",
            ["clientId"] = "11 22&33",
            ["authType"] = "2",
        });
        request.RawQuery.Should().Be("?version=2&token=a%2Bb%2Fc%3Dd%26e%3Ff&clientId=11%2022%2633&authType=2");
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Pool.Status.Source.Should().Be("Dhan");
        await UpstreamHarness.WaitUntilAsync(() => h.Listener.Started(0) == 1, cancellationToken);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Receive_FrameWithSeveralPackets_UpdatesStateAndNotifiesSinkPerPacket(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var session = await h.Server.NextSessionAsync(cancellationToken);

        await session.SendAsync(Frame(PrevClose(Reliance, 2400f), Ticker(Reliance, 2450.5f, 1_700_000_123)), cancellationToken);
        await session.SendAsync(Frame(Quote(NiftyFut, 22000f), OpenInterest(NiftyFut, 123_456)), cancellationToken);
        await session.SendFragmentedAsync(Full(NiftyFut, 22010f), 50, cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Sink.Count == 5, cancellationToken);

        h.Sink.Updates.Should().Equal(
            (Reliance, MarketUpdateKind.PrevClose),
            (Reliance, MarketUpdateKind.Ticker),
            (NiftyFut, MarketUpdateKind.Quote),
            (NiftyFut, MarketUpdateKind.OpenInterest),
            (NiftyFut, MarketUpdateKind.Full));
        h.Store.TryGet(Reliance, out var reliance).Should().BeTrue();
        reliance.Ltp.Should().Be(2450.5f);
        reliance.Ltt.Should().Be(1_700_000_123u);
        reliance.PrevClose.Should().Be(2400f);
        reliance.ReceivedAt.Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 5_000);
        h.Store.TryGet(NiftyFut, out var fut).Should().BeTrue();
        fut.Ltp.Should().Be(22010f);
        fut.OpenInterest.Should().Be(3000u);
        fut.Depth[4].AskPrice.Should().Be(22014f);
        fut.RichestMode.Should().Be(FeedMode.Full);
        var totals = h.Counters.Snapshot();
        (totals.Ticker, totals.Quote, totals.OpenInterest, totals.PrevClose, totals.Full).Should().Be((1L, 1L, 1L, 1L, 1L));
        totals.LastPacketAt.Should().NotBeNull();
        h.Pool.GetSocketStatuses()[0].Packets.Should().Be(5);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Receive_FramesWithPackets_RecordsApplyLatencyOncePerFrame(CancellationToken cancellationToken)
    {
        var recorded = new System.Collections.Concurrent.ConcurrentQueue<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = static (instrument, l) =>
            {
                if (instrument.Meter.Name == UpstreamCounters.MeterName && instrument.Name == "relay.upstream.apply_latency")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Enqueue(value));
        listener.Start();
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var session = await h.Server.NextSessionAsync(cancellationToken);

        await session.SendAsync(Frame(Ticker(Reliance, 1f, 1), Ticker(NiftyFut, 2f, 2)), cancellationToken);
        await session.SendAsync(Garbage(), cancellationToken);
        await session.SendAsync(Ticker(Reliance, 3f, 3), cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Sink.Count == 3 && h.Counters.Snapshot().Malformed >= 1, cancellationToken);

        recorded.Should().HaveCount(2, "one measurement per frame that carried packets; the garbage frame had none");
        recorded.Should().OnlyContain(ms => ms >= 0 && ms < 5_000);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Receive_GarbageUnknownAndTextFrames_CountedAndFeedContinues(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var session = await h.Server.NextSessionAsync(cancellationToken);

        await session.SendAsync(Ticker(Reliance, 1f, 1), cancellationToken);
        await session.SendAsync(Garbage(), cancellationToken);
        await session.SendAsync(Frame(UnknownCode(), MarketStatus(), Ticker(Reliance, 2f, 2)), cancellationToken);
        await session.SendTextAsync("{\"unexpected\":true}", cancellationToken);
        await session.SendAsync(Ticker(NiftyFut, 3f, 3), cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Store.TryGet(NiftyFut, out _), cancellationToken);

        h.Store.TryGet(Reliance, out var reliance).Should().BeTrue();
        reliance.Ltp.Should().Be(2f, "the ticker after an unknown packet in the same frame is still read");
        var status = h.Pool.GetSocketStatuses()[0];
        status.Malformed.Should().Be(2);
        status.TextFrames.Should().Be(1);
        status.Packets.Should().Be(4, "three tickers and one market-status packet");
        status.State.Should().Be(FeedState.Connected);
        var totals = h.Counters.Snapshot();
        (totals.Malformed, totals.TextFrames, totals.Ticker, totals.Other).Should().Be((2L, 1L, 3L, 1L));
        h.Server.HandshakeCount.Should().Be(1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Drop_WithoutCloseFrame_ReconnectsAfterBackoffAndStartsNewSession(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => (o.BaseDelay, o.MaxDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)),
            new FakeTimeProvider(),
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var first = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        first.Drop();
        await h.WaitForStateAsync(FeedState.Reconnecting, cancellationToken);

        h.Server.HandshakeCount.Should().Be(1, "the retry waits for its backoff delay on the clock");
        h.Pool.Status.Reason.Should().StartWith("connection lost");
        var waited = await h.AdvanceUntilAsync(TimeSpan.FromMilliseconds(100), () => h.Server.HandshakeCount == 2, cancellationToken);
        waited.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(8));
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Listener.Events.Should().Equal("started:0", "ended:0", "started:0");
        var status = h.Pool.GetSocketStatuses()[0];
        (status.Reconnects, status.ConnectionAttempts).Should().Be((1L, 2L));
        status.ConnectedSince.Should().NotBeNull();
        h.Counters.Snapshot().Reconnects.Should().Be(1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ServerClose_WithCloseFrame_Reconnects(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var first = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        var states = RecordStates(h);

        await first.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, "maintenance", cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        (await first.ClientClose).Should().Be(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "the client completes the closing handshake");
        states.Should().Contain(s => s.State == FeedState.Reconnecting && s.Reason!.Contains("closed the connection (1011 maintenance)"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DisconnectPacket_800_ReconnectsWithNormalBackoff(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var first = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        var states = RecordStates(h);

        await first.SendDisconnectAndCloseAsync(800, cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        states.Should().Contain(s => s.State == FeedState.Reconnecting && s.Reason == "DhanHQ disconnected the feed: 800 internal server error");
        h.Counters.Snapshot().Disconnect.Should().Be(1);
    }

    [TestCase((ushort)807, "DhanHQ: the access token expired (807)")]
    [TestCase((ushort)809, "DhanHQ rejected the access token (809)")]
    [TestCase((ushort)806, "DhanHQ: Data APIs are not subscribed for this account (806)")]
    [CancelAfter(10_000)]
    public async Task DisconnectPacket_CredentialCode_CredentialsRejectedAndAttemptsBounded(ushort code, string reason, CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => o.CredentialsRejectedBackoff = TimeSpan.FromMinutes(10),
            new FakeTimeProvider(),
            server: s => s.OnAccepted = session => session.SendDisconnectAndCloseAsync(code),
            cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);

        h.Pool.Status.Reason.Should().Be(reason);
        h.Fake.Advance(TimeSpan.FromMinutes(9));
        await Task.Yield();
        h.Server.HandshakeCount.Should().Be(1, "no reconnect within the 10-minute back-off");
        h.Pool.Status.State.Should().Be(FeedState.CredentialsRejected);
        h.Fake.Advance(TimeSpan.FromMinutes(1));
        await UpstreamHarness.WaitUntilAsync(() => h.Server.HandshakeCount == 2, cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Pool.GetSocketStatuses()[0].ConnectionAttempts == 2 && h.Pool.Status.State == FeedState.CredentialsRejected, cancellationToken);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DisconnectPacket_805_EvictedAndBacksOffForMinutes(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => o.EvictedBackoff = TimeSpan.FromMinutes(5),
            new FakeTimeProvider(),
            server: s => s.OnAccepted = session => session.SendDisconnectAndCloseAsync(805),
            cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Evicted, cancellationToken);

        h.Pool.Status.Reason.Should().Be("another connection of this account took the slot (805)");
        h.Fake.Advance(TimeSpan.FromMinutes(4));
        await Task.Yield();
        h.Server.HandshakeCount.Should().Be(1);
        h.Fake.Advance(TimeSpan.FromMinutes(1));
        await UpstreamHarness.WaitUntilAsync(() => h.Server.HandshakeCount == 2, cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Listener.Started(0) == 2, cancellationToken);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CredentialsRejected_NewCredentialsSet_ReconnectsAtOnceWithThem(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            timeProvider: new FakeTimeProvider(),
            server: s => s.OnAccepted = session => session.SendDisconnectAndCloseAsync(809),
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        h.Server.OnAccepted = null;

        h.Credentials.Set(new FeedCredentials("1100223344", "fresh-token"));
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        h.Server.Requests.Should().HaveCount(2);
        h.Server.Requests[1].Query["token"].Should().Be("fresh-token");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connected_NewCredentialsSet_LeavesPolitelyAndReconnectsWithThem(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var first = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        h.Credentials.Set(new FeedCredentials("1100223344", "next-day-token"));
        var second = await h.Server.NextSessionAsync(cancellationToken);

        second.Request.Query["token"].Should().Be("next-day-token");
        (await first.ClientClose).Should().Be(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure);
        first.Texts.Should().Contain("{\"RequestCode\":12}");
        await UpstreamHarness.WaitUntilAsync(() => h.Listener.Started(0) == 2 && h.Listener.Ended(0) == 1, cancellationToken);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task NetworkBackoff_NewCredentialsSet_RetriesAtOnce(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => (o.BaseDelay, o.MaxDelay) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)),
            new FakeTimeProvider(),
            server: s => s.RejectWithStatus = 503,
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Pool.Status.Reason == "the feed refused the connection with HTTP 503", cancellationToken);
        h.Server.RejectWithStatus = null;

        h.Credentials.Set(new FeedCredentials("1100223344", "fresh-token"));
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        h.Server.Requests.Select(r => r.Query["token"]).Should().Equal(UpstreamHarness.DefaultCredentials.AccessToken, "fresh-token");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Stop_DuringCredentialsBackoff_StopsAtOnce(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            timeProvider: new FakeTimeProvider(),
            server: s => s.RejectWithStatus = 401,
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);

        await h.Pool.StopAsync(cancellationToken);

        h.Pool.Status.State.Should().Be(FeedState.Stopped);
        h.Pool.Connections[0].State.State.Should().Be(FeedState.Stopped);
    }

    [TestCase(401)]
    [TestCase(403)]
    [TestCase(429)]
    [CancelAfter(10_000)]
    public async Task Handshake_RefusedWithStatus_CredentialsRejectedWithoutTightLoop(int status, CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            timeProvider: new FakeTimeProvider(),
            server: s => s.RejectWithStatus = status,
            cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);

        h.Pool.Status.Reason.Should().Contain($"HTTP {status}");
        h.Fake.Advance(TimeSpan.FromMinutes(5));
        await Task.Yield();
        h.Server.HandshakeCount.Should().Be(1);
        h.Listener.Started(0).Should().Be(0);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ImmediateDrops_ThreeInARow_CredentialsRejected(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(o => o.ImmediateDropWindow = TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);

        for (var i = 0; i < 3; i++)
        {
            var session = await h.Server.NextSessionAsync(cancellationToken);
            await UpstreamHarness.WaitUntilAsync(() => h.Listener.Started(0) == i + 1, cancellationToken);
            session.Drop();
        }

        await h.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        h.Pool.Status.Reason.Should().Contain("3 times in a row");
        h.Server.HandshakeCount.Should().Be(3);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SilentPeer_WatchdogReportsStaleAndReconnects(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => o.StaleAfter = TimeSpan.FromSeconds(30),
            new FakeTimeProvider(),
            server: s => s.Silent = true,
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Server.Silent = false;

        h.Fake.Advance(TimeSpan.FromSeconds(29));
        h.Pool.Status.State.Should().Be(FeedState.Connected);
        h.Fake.Advance(TimeSpan.FromSeconds(1));

        h.Pool.Status.State.Should().Be(FeedState.Stale);
        h.Pool.Status.Reason.Should().Be("no frame and no ping from the feed for 30 s");
        await UpstreamHarness.WaitUntilAsync(() => h.Listener.Ended(0) == 1, cancellationToken);
        await h.AdvanceUntilAsync(TimeSpan.FromMilliseconds(50), () => h.Server.HandshakeCount == 2, cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Listener.Started(0).Should().Be(2);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SilentPeer_RealClock_DetectedWithinStaleAfterAndReconnected(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(
            o => o.StaleAfter = TimeSpan.FromMilliseconds(800),
            server: s => s.Silent = true,
            cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Server.Silent = false;
        var states = RecordStates(h);
        var started = TimeProvider.System.GetTimestamp();

        await h.Server.NextSessionAsync(cancellationToken);

        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(3));
        states.Should().Contain(s => s.State == FeedState.Stale);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task IdlePeerAnsweringPings_NoData_StaysConnected(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(o => o.StaleAfter = TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        var states = RecordStates(h);

        // After market hours DhanHQ sends nothing but keeps answering pings: nothing may happen here, so
        // this waits a fixed two and a half staleness periods on purpose.
        await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken);

        states.Should().BeEmpty();
        h.Server.HandshakeCount.Should().Be(1);
        h.Pool.Status.State.Should().Be(FeedState.Connected);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DhanMode_NoCredentials_DoesNotConnectUntilSet(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(withCredentials: false, cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.NoCredentials, cancellationToken);
        h.Server.HandshakeCount.Should().Be(0);

        h.Credentials.Set(UpstreamHarness.DefaultCredentials);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Server.HandshakeCount.Should().Be(1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SimulatorMode_NoCredentials_ConnectsWithPlaceholders(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(o => o.Mode = FeedSource.Simulator, withCredentials: false, cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        h.Pool.Status.Source.Should().Be("Simulator");
        h.Server.Requests[0].Query["version"].Should().Be("2");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TwoSockets_EachGetsOwnSessionCallbacksAndRequests(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(o => o.MaxConnections = 2, cancellationToken: cancellationToken);
        h.Listener.OnStarted = async (socket, ct) =>
            (await h.Pool.TrySendAsync(socket, System.Text.Encoding.UTF8.GetBytes($"{{\"socket\":{socket}}}"), ct)).Should().BeTrue();

        await h.StartAsync(cancellationToken);
        var a = await h.Server.NextSessionAsync(cancellationToken);
        var b = await h.Server.NextSessionAsync(cancellationToken);
        var textA = await a.NextTextAsync(cancellationToken);
        var textB = await b.NextTextAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        new[] { textA, textB }.Should().BeEquivalentTo("{\"socket\":0}", "{\"socket\":1}");
        (h.Listener.Started(0), h.Listener.Started(1)).Should().Be((1, 1));
        var dropped = textA.Contains('0', StringComparison.Ordinal) ? 0 : 1;
        var kept = 1 - dropped;

        a.Drop();
        var c = await h.Server.NextSessionAsync(cancellationToken);
        (await c.NextTextAsync(cancellationToken)).Should().Be($"{{\"socket\":{dropped}}}");
        (h.Listener.Ended(dropped), h.Listener.Started(dropped)).Should().Be((1, 2));
        (h.Listener.Ended(kept), h.Listener.Started(kept)).Should().Be((0, 1));
        h.Pool.GetSocketStatuses().Select(s => s.Socket).Should().Equal(0, 1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TrySendAsync_NotConnectedOrUnknownSocket_ReturnsFalse(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(withCredentials: false, cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.NoCredentials, cancellationToken);

        (await h.Pool.TrySendAsync(0, "{}"u8.ToArray(), cancellationToken)).Should().BeFalse();
        (await h.Pool.TrySendAsync(3, "{}"u8.ToArray(), cancellationToken)).Should().BeFalse();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SessionListener_Throws_SessionRestarted(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        var calls = 0;
        h.Listener.OnStarted = (_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("replay bug") : ValueTask.CompletedTask;

        await h.StartAsync(cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Listener.Started(0) == 2, cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        h.Server.HandshakeCount.Should().Be(2);
        h.Listener.Ended(0).Should().Be(1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Stop_Connected_SendsDisconnectRequestAndClosesNormally(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var session = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        await h.Pool.StopAsync(cancellationToken);

        (await session.NextTextAsync(cancellationToken)).Should().Be("{\"RequestCode\":12}");
        (await session.ClientClose).Should().Be(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure);
        h.Pool.Status.State.Should().Be(FeedState.Stopped);
        h.Listener.Ended(0).Should().Be(1);
        h.Server.HandshakeCount.Should().Be(1);
    }

    [Test]
    public void IsKeepAliveTimeout_RuntimeAbortShape_Recognised()
    {
        // The shape .NET 10 throws from a pending receive when a keep-alive pong is late.
        var abort = new OperationCanceledException(
            "Aborted",
            new AggregateException(
                new System.Net.WebSockets.WebSocketException("The WebSocket didn't recieve a Pong frame in response to a Ping frame within the configured KeepAliveTimeout."),
                new IOException("Unable to read data from the transport connection: Operation canceled.")));

        UpstreamConnection.IsKeepAliveTimeout(abort).Should().BeTrue();
        UpstreamConnection.IsKeepAliveTimeout(new System.Net.WebSockets.WebSocketException("The remote party closed the WebSocket connection without completing the close handshake.")).Should().BeFalse();
    }

    private static List<UpstreamState> RecordStates(UpstreamHarness h)
    {
        var states = new List<UpstreamState>();
        h.Pool.StatusChanged += s =>
        {
            lock (states)
            {
                states.Add(new UpstreamState(s.State, s.Reason, s.Since));
            }
        };
        return states;
    }
}
