using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>With <c>Relay:Auth:RequireUserTokens=true</c> nothing but the page and the probes works without a token.</summary>
[CancelAfter(30_000)]
internal sealed class RequireUserTokensTests
{
    private RelayAppHost _host = null!;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:RequireUserTokens"] = "true" });
        (_, _token) = await _host.CreateUserAsync("bob", CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("/api/watchlist")]
    [TestCase("/api/market/snapshot?instruments=NSE_EQ:1333")]
    [TestCase("/api/instruments/search?q=hdfc")]
    [TestCase("/api/orders")]
    [TestCase("/api/funds")]
    public async Task UserEndpoint_WithoutToken_Returns401(string path, CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync(path, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(cancellationToken)).Should().Contain("POST /api/admin/users");
    }

    [Test]
    public async Task UserEndpoint_WithToken_Returns200(CancellationToken cancellationToken)
    {
        using var client = _host.CreateUserClient(_token);
        using var response = await client.GetAsync("/api/watchlist", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task RestEndpoint_WithTokenInQueryString_Returns401(CancellationToken cancellationToken)
    {
        // Outside the hub and /ws a token in a URL is ignored: URLs end up in logs and browser history.
        using var client = _host.CreateClient();
        using var response = await client.GetAsync($"/api/watchlist?access_token={_token}", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Hub_WithoutToken_IsRefused(CancellationToken cancellationToken)
    {
        await using var connection = _host.CreateHubConnection();

        var connect = () => connection.StartAsync(cancellationToken);

        (await connect.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Hub_WithToken_SubscribesAndReceives(CancellationToken cancellationToken)
    {
        await using var connection = _host.CreateHubConnection(_token);
        var tick = new TaskCompletionSource<TickMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<TickMessage>(nameof(IMarketClient.Tick), m => tick.TrySetResult(m));
        await connection.StartAsync(cancellationToken);

        var results = await connection.InvokeAsync<SubscriptionResult[]>(
            MarketHub.Subscribe, new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } }, "Ticker", cancellationToken);

        results.Should().ContainSingle().Which.Accepted.Should().BeTrue();
        (await tick.Task.WaitAsync(cancellationToken)).SecurityId.Should().Be("1333");
    }

    [Test]
    public async Task Negotiate_WithTokenInQueryString_IsAccepted(CancellationToken cancellationToken)
    {
        // Browsers cannot set headers on WebSockets, so the hub accepts access_token in the query string.
        using var client = _host.CreateClient();
        using var withToken = await client.PostAsync($"{MarketHub.Path}/negotiate?negotiateVersion=1&access_token={_token}", null, cancellationToken);
        using var withoutToken = await client.PostAsync($"{MarketHub.Path}/negotiate?negotiateVersion=1", null, cancellationToken);

        withToken.StatusCode.Should().Be(HttpStatusCode.OK);
        withoutToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task CompatSocket_WithTokenInQueryString_Connects_AndWithoutIsRefused(CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(new Uri(_host.BaseUri, "/ws")) { Scheme = "ws" }.Uri;
        using var refused = new ClientWebSocket();
        var connectWithout = () => refused.ConnectAsync(uri, cancellationToken);
        await connectWithout.Should().ThrowAsync<WebSocketException>();

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(uri + "?access_token=" + _token), cancellationToken);
        var buffer = new byte[4096];
        var first = await socket.ReceiveAsync(buffer, cancellationToken);
        Encoding.UTF8.GetString(buffer, 0, first.Count).Should().Contain("\"status\"");
    }
}
