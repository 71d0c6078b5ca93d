using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>Revoking a user ends its live connections at once and its token stops working.</summary>
[CancelAfter(30_000)]
internal sealed class RevocationTests
{
    private RelayAppHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await RelayAppHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task RevokeUser_WithLiveHubClient_ClosesItAndRefusesTheToken(CancellationToken cancellationToken)
    {
        var (id, token) = await _host.CreateUserAsync("carol", cancellationToken);
        var (_, otherToken) = await _host.CreateUserAsync("dave", cancellationToken);
        await using var revoked = _host.CreateHubConnection(token);
        await using var other = _host.CreateHubConnection(otherToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        revoked.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await revoked.StartAsync(cancellationToken);
        await other.StartAsync(cancellationToken);
        await revoked.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } }, "Ticker", cancellationToken);

        using var admin = _host.CreateAdminClient();
        using var response = await admin.DeleteAsync($"/api/admin/users/{id}", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)))
        {
            body.RootElement.GetProperty("closedConnections").GetInt32().Should().Be(1);
            body.RootElement.GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.String);
        }

        await closed.Task.WaitAsync(cancellationToken);
        other.State.Should().Be(HubConnectionState.Connected, "only the revoked user's connections close");
        using var client = _host.CreateUserClient(token);
        (await client.GetAsync("/api/watchlist", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var again = _host.CreateHubConnection(token);
        var reconnect = () => again.StartAsync(cancellationToken);
        await reconnect.Should().ThrowAsync<HttpRequestException>();
        await ServerWait.UntilAsync(() => _host.Services.GetRequiredService<Relay.Core.Subscriptions.SubscriptionSet>().InstrumentCount == 0, "the revoked client's subscription is released");
    }

    [Test]
    public async Task RevokeUser_WithLiveCompatSocket_ClosesIt(CancellationToken cancellationToken)
    {
        var (id, token) = await _host.CreateUserAsync("erin", cancellationToken);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new UriBuilder(new Uri(_host.BaseUri, "/ws")) { Scheme = "ws" }.Uri, cancellationToken);
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, cancellationToken); // The status message: the socket is served.

        using var admin = _host.CreateAdminClient();
        using var response = await admin.DeleteAsync($"/api/admin/users/{id}", cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var receive = async () =>
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        };
        await receive.Should().ThrowAsync<WebSocketException>("the server reset the connection");
    }

    [Test]
    public async Task RevokeUser_Twice_SecondTimeClosesNothing_AndUnknownIs404(CancellationToken cancellationToken)
    {
        var (id, _) = await _host.CreateUserAsync("frank", cancellationToken);
        using var admin = _host.CreateAdminClient();

        using var first = await admin.DeleteAsync($"/api/admin/users/{id}", cancellationToken);
        using var second = await admin.DeleteAsync($"/api/admin/users/{id}", cancellationToken);
        using var unknown = await admin.DeleteAsync("/api/admin/users/999999", cancellationToken);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users", cancellationToken);
        users.EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == id).GetProperty("active").GetBoolean().Should().BeFalse();
    }

    [Test]
    public async Task RevokeLocalUser_Returns409(CancellationToken cancellationToken)
    {
        using var admin = _host.CreateAdminClient();
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users", cancellationToken);
        var local = users.EnumerateArray().Single(u => u.GetProperty("isLocal").GetBoolean()).GetProperty("id").GetInt64();

        using var response = await admin.DeleteAsync($"/api/admin/users/{local}", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var client = _host.CreateClient();
        (await client.GetAsync("/api/watchlist", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
