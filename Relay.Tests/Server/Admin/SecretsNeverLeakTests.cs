using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Admin;

/// <summary>
/// A full run against a DhanHQ stand-in, every log level on: broker credentials set through the admin API reach the
/// feed, and neither they nor a user token ever appear in a response (after creation) or a log line.
/// </summary>
[CancelAfter(60_000)]
internal sealed class SecretsNeverLeakTests
{
    private const string BrokerClientId = "1100077777";
    private const string BrokerToken = "eyJhbGciOiJIUzUxMiJ9.broker-secret-4b1d.signature";

    [Test]
    public async Task FullRun_CredentialsReachTheFeed_AndNoSecretIsEverReturnedOrLogged(CancellationToken cancellationToken)
    {
        await using var dhan = await FakeDhanServer.StartAsync(cancellationToken);
        var host = await RelayAppHost.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Feed:Mode"] = "Dhan",
            ["Relay:Feed:Url"] = dhan.Url.ToString(),
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        var responses = new StringBuilder();
        string userToken;
        try
        {
            using var admin = host.CreateAdminClient();
            using var anonymous = host.CreateClient();
            async Task<HttpResponseMessage> Record(Task<HttpResponseMessage> call)
            {
                var response = await call;
                responses.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync(cancellationToken));
                return response;
            }

            (await Record(anonymous.GetAsync("/readyz", cancellationToken))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "no credentials yet");

            using var put = await Record(admin.PutAsJsonAsync("/api/admin/credentials", new { clientId = BrokerClientId, accessToken = BrokerToken }, cancellationToken));
            put.StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await put.Content.ReadAsByteArrayAsync(cancellationToken)).Should().BeEmpty();

            var session = await dhan.NextSessionAsync(cancellationToken);
            session.Request.Query["token"].Should().Be(BrokerToken, "the feed reconnects with the new credentials at once");
            session.Request.Query["clientId"].Should().Be(BrokerClientId);
            await RelayAppHost.WaitUntilAsync(
                async () => (await Record(anonymous.GetAsync("/readyz", cancellationToken))).StatusCode == HttpStatusCode.OK,
                "the feed is connected",
                cancellationToken);

            using var created = await admin.PostAsJsonAsync("/api/admin/users", new { name = "trader" }, cancellationToken);
            var user = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            userToken = user.GetProperty("token").GetString()!;

            // The token through every door: header, the hub's query string, /ws's query string.
            await using (var hub = host.CreateHubConnection(userToken))
            {
                await hub.StartAsync(cancellationToken);
                await hub.InvokeAsync<SubscriptionResult[]>(
                    MarketHub.Subscribe, new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } }, "Quote", cancellationToken);
            }

            (await Record(anonymous.PostAsync($"{MarketHub.Path}/negotiate?negotiateVersion=1&access_token={userToken}", null, cancellationToken))).EnsureSuccessStatusCode();
            using (var socket = new ClientWebSocket())
            {
                await socket.ConnectAsync(new Uri(new UriBuilder(new Uri(host.BaseUri, "/ws")) { Scheme = "ws" }.Uri + "?access_token=" + userToken), cancellationToken);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
            }

            using var bearer = host.CreateUserClient(userToken);
            (await Record(bearer.GetAsync("/api/watchlist", cancellationToken))).EnsureSuccessStatusCode();
            (await Record(bearer.GetAsync("/api/admin/users", cancellationToken))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            foreach (var path in new[] { "/api/admin/feed", "/api/admin/credentials", "/api/admin/users", "/api/admin/clients", "/api/admin/subscriptions", "/metrics", "/openapi/v1.json" })
            {
                (await Record(admin.GetAsync(path, cancellationToken))).EnsureSuccessStatusCode();
            }

            (await Record(admin.DeleteAsync($"/api/admin/users/{user.GetProperty("id").GetInt64()}", cancellationToken))).EnsureSuccessStatusCode();
            (await Record(bearer.GetAsync("/api/watchlist", cancellationToken))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await host.DisposeAsync(); // Shutdown logs count too.
        }

        var logs = host.Logs.AllText();
        host.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Trace, "the run logged at every level");
        logs.Should().Contain("/hubs/market");
        foreach (var secret in new[] { BrokerToken, BrokerClientId, userToken, RelayAppHost.TestAdminKey })
        {
            logs.Should().NotContain(secret);
            responses.ToString().Should().NotContain(secret);
        }
    }
}
