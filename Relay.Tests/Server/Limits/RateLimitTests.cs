using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Limits;

/// <summary>Per-user limits answer 429 (REST) or a hub error, and are counted.</summary>
[CancelAfter(30_000)]
internal sealed class RateLimitTests
{
    [Test]
    public async Task RestBurst_OverTheLimit_Returns429ProblemWithRetryAfter_AndIsCounted(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Limits:RestPermitLimit"] = "3",
            ["Relay:Limits:RestWindow"] = "00:01:00",
        });
        var (_, token) = await host.CreateUserAsync("greedy", cancellationToken);
        using var greedy = host.CreateUserClient(token);
        using var local = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await greedy.GetAsync("/api/watchlist", cancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
        using (refused)
        {
            refused!.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            refused.Headers.RetryAfter!.Delta.Should().BePositive();
            (await refused.Content.ReadAsStringAsync(cancellationToken)).Should().Contain("429");
        }

        (await local.GetAsync("/api/watchlist", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per user");
        var metrics = await local.GetStringAsync("/metrics", cancellationToken);
        PrometheusText.Value(metrics, "relay_limits_rejected_total", "limit=\"rest\"").Should().Be(2);
    }

    [Test]
    public async Task HubBurst_OverTheLimit_FailsTheCallWithRateLimit_AndTheConnectionStays(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Limits:HubCallsPerSecond"] = "1" });
        await using var connection = host.CreateHubConnection();
        await connection.StartAsync(cancellationToken);
        var instruments = new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } };

        var errors = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await connection.InvokeAsync(MarketHub.Unsubscribe, instruments, "Ticker", cancellationToken);
            }
            catch (HubException ex)
            {
                errors.Add(ex.Message);
            }
        }

        errors.Should().NotBeEmpty().And.OnlyContain(m => m.Contains("rate limit:"));
        connection.State.Should().Be(HubConnectionState.Connected);
        using var client = host.CreateClient();
        PrometheusText.Value(await client.GetStringAsync("/metrics", cancellationToken), "relay_limits_rejected_total", "limit=\"hub-calls\"")
            .Should().Be(errors.Count);
    }

    [Test]
    public async Task Subscribe_WhenTheUserHoldsItsLimit_IsRefused(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Limits:MaxInstrumentsPerUser"] = "2" });
        var (_, token) = await host.CreateUserAsync("hoarder", cancellationToken);
        await using var first = host.CreateHubConnection(token);
        await using var second = host.CreateHubConnection(token);
        await using var local = host.CreateHubConnection();
        await first.StartAsync(cancellationToken);
        await second.StartAsync(cancellationToken);
        await local.StartAsync(cancellationToken);
        await first.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, Refs("1333", "2885"), "Ticker", cancellationToken);
        (await local.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, Refs("1333", "2885", "11536"), "Ticker", cancellationToken))
            .Should().OnlyContain(r => r.Accepted, "the local user of a loopback start is alone and not limited per user");

        // The same user on another connection: together they already hold 2.
        var subscribe = () => second.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, Refs("11536"), "Ticker", cancellationToken);

        (await subscribe.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("rate limit:").And.Contain("2");
        await first.InvokeAsync(MarketHub.Unsubscribe, Refs("2885"), "Ticker", cancellationToken);
        (await subscribe()).Should().ContainSingle().Which.Accepted.Should().BeTrue();
    }

    private static InstrumentRef[] Refs(params string[] securityIds) =>
        [.. securityIds.Select(id => new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = id })];
}
