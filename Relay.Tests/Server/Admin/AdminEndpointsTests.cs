using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Admin;

/// <summary>The admin API on the simulator: feed, subscriptions, clients, resync, credentials.</summary>
[CancelAfter(30_000)]
internal sealed class AdminEndpointsTests
{
    private RelayAppHost _host = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await RelayAppHost.StartAsync();
        _admin = _host.CreateAdminClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Feed_ReportsModeStateSocketsAndCapacity(CancellationToken cancellationToken)
    {
        JsonElement feed = default;
        await RelayAppHost.WaitUntilAsync(
            async () =>
            {
                feed = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/feed", cancellationToken);
                return feed.GetProperty("state").GetString() == "Connected";
            },
            "the feed connects to the simulator",
            cancellationToken);

        feed.GetProperty("mode").GetString().Should().Be("Simulator");
        var capacity = feed.GetProperty("capacity");
        capacity.GetProperty("total").GetInt32().Should().Be(5000);
        (capacity.GetProperty("used").GetInt32() + capacity.GetProperty("left").GetInt32()).Should().Be(5000);
        var socket = feed.GetProperty("sockets").EnumerateArray().Should().ContainSingle().Subject;
        socket.GetProperty("state").GetString().Should().Be("Connected");
        socket.TryGetProperty("instruments", out _).Should().BeTrue();
        var totals = feed.GetProperty("totals");
        foreach (var name in new[] { "malformed", "reconnects", "lastPacketAt", "packetsPerSecond", "ticker", "quote", "full" })
        {
            totals.TryGetProperty(name, out _).Should().BeTrue(name);
        }

        feed.GetProperty("credentials").GetProperty("inUse").GetString().Should().Be("simulator");
    }

    [Test]
    public async Task SubscriptionsAndClients_ShowWhatEachUserHolds(CancellationToken cancellationToken)
    {
        var (userId, token) = await _host.CreateUserAsync("watcher", cancellationToken);
        await using var hub = _host.CreateHubConnection(token);
        await hub.StartAsync(cancellationToken);
        await hub.InvokeAsync<SubscriptionResult[]>(
            MarketHub.Subscribe, new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } }, "Quote", cancellationToken);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new UriBuilder(new Uri(_host.BaseUri, "/ws")) { Scheme = "ws" }.Uri, cancellationToken);
        await socket.SendAsync(
            Encoding.UTF8.GetBytes("""{"type":"subscribe","instruments":[{"exchangeSegment":"BSE_EQ","securityId":"500325"}]}"""),
            WebSocketMessageType.Text,
            endOfMessage: true,
            cancellationToken);

        JsonElement clients = default;
        await RelayAppHost.WaitUntilAsync(
            async () =>
            {
                clients = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/clients", cancellationToken);
                return clients.EnumerateArray().Count(c => IsUser(c, userId) && c.GetProperty("instrumentCount").GetInt32() == 1) == 2;
            },
            "both connections of the user are listed with what they hold",
            cancellationToken);
        var mine = clients.EnumerateArray().Where(c => IsUser(c, userId)).ToList();
        var hubClient = mine.Single(c => c.GetProperty("transport").GetString() == "hub");
        hubClient.GetProperty("userName").GetString().Should().Be("watcher");
        hubClient.GetProperty("instruments")[0].GetProperty("instrument").GetString().Should().Be("NSE_EQ:1333");
        hubClient.GetProperty("instruments")[0].GetProperty("mode").GetString().Should().Be("Quote");
        var wsClient = mine.Single(c => c.GetProperty("transport").GetString() == "ws");
        wsClient.GetProperty("connectionId").GetString().Should().StartWith("ws:");
        wsClient.GetProperty("instruments")[0].GetProperty("instrument").GetString().Should().Be("BSE_EQ:500325");

        var subscriptions = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/subscriptions", cancellationToken);
        var nse = subscriptions.EnumerateArray().Single(s => s.GetProperty("instrument").GetString() == "NSE_EQ:1333");
        nse.GetProperty("mode").GetString().Should().Be("Quote");
        nse.GetProperty("quoteReferences").GetInt32().Should().Be(1);
        nse.GetProperty("socket").GetInt32().Should().Be(0);
        subscriptions.EnumerateArray().Should().Contain(s => s.GetProperty("instrument").GetString() == "BSE_EQ:500325" && s.GetProperty("mode").GetString() == "Ticker");
    }

    [Test]
    public async Task Resync_RunsTheReconciliation(CancellationToken cancellationToken)
    {
        using var first = await _admin.PostAsync("/api/admin/resync", null, cancellationToken);
        var before = (await first.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("reconciliations").GetInt64();
        using var second = await _admin.PostAsync("/api/admin/resync", null, cancellationToken);
        var result = await second.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        result.GetProperty("repairs").GetInt32().Should().Be(0, "nothing drifted");
        result.GetProperty("reconciliations").GetInt64().Should().Be(before + 1);
    }

    [Test]
    public async Task Credentials_InSimulatorMode_AreStoredNotApplied_AndNeverEchoed(CancellationToken cancellationToken)
    {
        const string BrokerToken = "eyJ-simulator-mode-broker-token-7f3a";
        using var put = await _admin.PutAsJsonAsync("/api/admin/credentials", new { clientId = "1100001234", accessToken = BrokerToken }, cancellationToken);
        var putBody = await put.Content.ReadAsStringAsync(cancellationToken);
        var status = await _admin.GetStringAsync("/api/admin/credentials", cancellationToken);
        var feed = await _admin.GetStringAsync("/api/admin/feed", cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(putBody).RootElement.GetProperty("appliedToFeed").GetBoolean().Should().BeFalse();
        JsonDocument.Parse(status).RootElement.GetProperty("stored").GetBoolean().Should().BeTrue();
        foreach (var text in new[] { putBody, status, feed })
        {
            text.Should().NotContain(BrokerToken).And.NotContain("1100001234");
        }

        (await _admin.DeleteAsync("/api/admin/credentials", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _admin.DeleteAsync("/api/admin/credentials", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Credentials_Incomplete_Returns400WithoutEchoingThem(CancellationToken cancellationToken)
    {
        using var put = await _admin.PutAsJsonAsync("/api/admin/credentials", new { clientId = "1100009999", accessToken = " " }, cancellationToken);
        var body = await put.Content.ReadAsStringAsync(cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("accessToken").And.NotContain("1100009999");
    }

    private static bool IsUser(JsonElement client, long userId) =>
        client.GetProperty("userId").ValueKind == JsonValueKind.Number && client.GetProperty("userId").GetInt64() == userId;
}
