using Microsoft.AspNetCore.SignalR.Client;
using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

[TestFixture(RelayProtocol.Json)]
[TestFixture(RelayProtocol.MessagePack)]
internal sealed class RelayClientReconnectTests(RelayProtocol protocol)
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");
    private static readonly InstrumentKey Reliance = InstrumentKey.Parse("NSE_EQ:2885");
    private static readonly InstrumentKey Nifty = InstrumentKey.Parse("IDX_I:13");

    private ClientTestServer _server = null!;

    [SetUp]
    public async Task StartServerAsync() => _server = await ClientTestServer.StartAsync();

    [TearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [TestCase(false, TestName = "{m}(hub aborts: close message, client restarts)")]
    [TestCase(true, TestName = "{m}(socket cut: SignalR reconnects)")]
    [CancelAfter(20_000)]
    public async Task ConnectionLost_ClientReconnectsResubscribesAndTicksFlowAgain(bool cutSocket, CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        await context.Client.SubscribeAsync([Nifty], FeedMode.Full, cancellationToken);
        await context.PublishUntilTickAsync(_server, Hdfc, 1, cancellationToken);
        var firstConnection = _server.State.ConnectionIds.Single();

        if (cutSocket)
        {
            _server.State.DropTransportAll();
        }
        else
        {
            _server.State.AbortAll();
        }

        await ClientTestWait.UntilAsync(
            () => _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker, notOn: firstConnection)
                && _server.State.Received(MarketHub.Subscribe, Nifty, FeedMode.Full, notOn: firstConnection),
            "the client replayed both subscriptions on a new connection",
            cancellationToken);
        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Connected, "the client is connected again", cancellationToken);
        context.Client.Restarts.Should().Be(cutSocket ? 0 : 1, "a cut socket is SignalR's automatic reconnect, a close message the client's restart loop");
        context.States.Should().ContainInOrder(RelayConnectionState.Connected, RelayConnectionState.Reconnecting, RelayConnectionState.Connected);
        context.Resubscribes.Should().ContainSingle().Which.Should().OnlyContain(r => r.IsAccepted).And.HaveCount(2);

        await context.PublishUntilTickAsync(_server, Hdfc, 2, cancellationToken);
        await _server.PublishAsync(Nifty, 24_000);
        await ClientTestWait.UntilAsync(() => context.Fulls.Any(m => ClientTestContext.Is(m, Nifty, 24_000)), "Nifty's Full arrived after the reconnect", cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task SubscribeAsync_DuringOutage_ReturnsPendingAndTakesEffectAfterReconnect(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        var port = _server.Port;
        await _server.StopAsync();
        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Reconnecting, "the client is reconnecting", cancellationToken);

        var results = await context.Client.SubscribeAsync([Reliance], FeedMode.Quote, cancellationToken);

        results.Should().ContainSingle().Which.Status.Should().Be(SubscriptionStatus.Pending);
        results[0].ServerResult.Should().BeNull();
        await _server.DisposeAsync();
        _server = await ClientTestServer.StartAsync(port: port);
        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Connected, "the client reconnected to the restarted server", cancellationToken);
        _server.State.Received(MarketHub.Subscribe, Reliance, FeedMode.Quote).Should().BeTrue();
        _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker).Should().BeTrue();
        context.Resubscribes.SelectMany(r => r).Should().Contain(r => r.Instrument == Reliance && r.IsAccepted);

        await _server.PublishAsync(Reliance, 2900);
        await ClientTestWait.UntilAsync(() => context.Quotes.Any(m => ClientTestContext.Is(m, Reliance, 2900)), "the quote subscribed during the outage arrived", cancellationToken);
        await context.PublishUntilTickAsync(_server, Hdfc, 1601, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task ServerRestartsOnSamePort_ClientResubscribesAndRefreshesSnapshots(CancellationToken cancellationToken)
    {
        _server.State.Snapshots[Nifty] = ClientTestServer.Full(Nifty, 24_000, receivedAt: 100);
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        await context.Client.SubscribeAsync([Nifty], FeedMode.Full, cancellationToken);
        context.Client.Last(Nifty)!.Ltp.Should().Be(24_000);
        var port = _server.Port;

        await _server.DisposeAsync();
        _server = await ClientTestServer.StartAsync(port: port);
        _server.State.Snapshots[Nifty] = ClientTestServer.Full(Nifty, 24_100, receivedAt: 200);

        await ClientTestWait.UntilAsync(
            () => context.Client.State == RelayConnectionState.Connected && _server.State.Calls.Count >= 2,
            "the client reconnected to the restarted server and replayed",
            cancellationToken);
        _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker).Should().BeTrue();
        _server.State.Received(MarketHub.Subscribe, Nifty, FeedMode.Full).Should().BeTrue();
        context.Client.Last(Nifty)!.Ltp.Should().Be(24_100, "the replay's snapshot refreshes the cache");
        await context.PublishUntilTickAsync(_server, Hdfc, 1602, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task AutomaticReconnectGivesUp_ClientStartsAgainWithItsPolicy(CancellationToken cancellationToken)
    {
        var policy = new GiveUpOncePolicy();
        await using var context = new ClientTestContext(_server.Url, protocol, policy);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        var firstConnection = _server.State.ConnectionIds.Single();

        _server.State.DropTransportAll();

        await ClientTestWait.UntilAsync(
            () => _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker, notOn: firstConnection) && context.Client.State == RelayConnectionState.Connected,
            "the client started a new connection and replayed",
            cancellationToken);
        policy.GaveUp.Should().BeTrue("SignalR's own reconnect was refused, so the connection closed");
        context.Client.Restarts.Should().Be(1);
        await context.PublishUntilTickAsync(_server, Hdfc, 7, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task RetryPolicyGivesUp_ClientStaysDisconnectedUntilConnectAsync(CancellationToken cancellationToken)
    {
        var policy = new RelayRetryPolicy([TimeSpan.Zero], TimeSpan.Zero) { MaxRetries = 0 };
        await using var context = new ClientTestContext(_server.Url, protocol, policy);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);

        _server.State.AbortAll();
        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Disconnected, "the client gave up", cancellationToken);
        context.Client.Ledger.Count.Should().Be(1, "the desired set survives for the next connect");

        await context.Client.ConnectAsync(cancellationToken);

        context.Client.State.Should().Be(RelayConnectionState.Connected);
        await context.PublishUntilTickAsync(_server, Hdfc, 8, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task SubscribeAsync_BeforeConnect_IsPendingAndSentOnConnect(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);

        var results = await context.Client.SubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        results.Single().IsPending.Should().BeTrue();
        await context.Client.ConnectAsync(cancellationToken);

        _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker).Should().BeTrue("ConnectAsync returns after the recorded set was sent");
        context.Resubscribes.Should().ContainSingle().Which.Single().IsAccepted.Should().BeTrue();
        await context.PublishUntilTickAsync(_server, Hdfc, 9, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task UnsubscribeAsync_DuringOutage_IsNotReplayed(CancellationToken cancellationToken)
    {
        await using var context = new ClientTestContext(_server.Url, protocol);
        await context.Client.ConnectAsync(cancellationToken);
        await context.Client.SubscribeAsync([Hdfc, Reliance], FeedMode.Ticker, cancellationToken);
        var port = _server.Port;
        await _server.DisposeAsync();
        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Reconnecting, "the client is reconnecting", cancellationToken);

        await context.Client.UnsubscribeAsync([Hdfc], FeedMode.Ticker, cancellationToken);
        _server = await ClientTestServer.StartAsync(port: port);

        await ClientTestWait.UntilAsync(() => context.Client.State == RelayConnectionState.Connected, "the client reconnected", cancellationToken);
        _server.State.Received(MarketHub.Subscribe, Reliance, FeedMode.Ticker).Should().BeTrue();
        _server.State.Received(MarketHub.Subscribe, Hdfc, FeedMode.Ticker).Should().BeFalse();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ConnectAsync_ServerDown_ThrowsAndStaysDisconnected(CancellationToken cancellationToken)
    {
        var port = _server.Port;
        await _server.StopAsync();
        await using var context = new ClientTestContext(new Uri($"http://127.0.0.1:{port}"), protocol);

        var act = () => context.Client.ConnectAsync(cancellationToken);

        await act.Should().ThrowAsync<HttpRequestException>();
        context.Client.State.Should().Be(RelayConnectionState.Disconnected);
        context.States.Should().Equal(RelayConnectionState.Connecting, RelayConnectionState.Disconnected);
    }

    /// <summary>Refuses SignalR's first automatic reconnect (so the connection closes), then retries every 20 ms.</summary>
    private sealed class GiveUpOncePolicy : IRetryPolicy
    {
        private int _gaveUp;

        public bool GaveUp => Volatile.Read(ref _gaveUp) == 1;

        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            Interlocked.CompareExchange(ref _gaveUp, 1, 0) == 0 ? null : TimeSpan.FromMilliseconds(20);
    }
}
