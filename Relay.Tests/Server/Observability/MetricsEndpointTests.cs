using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Observability;

/// <summary><c>/metrics</c>: Prometheus series that move when ticks flow.</summary>
[CancelAfter(30_000)]
internal sealed class MetricsEndpointTests
{
    private static readonly string[] NamedSeries =
    [
        "relay_upstream_packets_total",
        "relay_upstream_malformed_total",
        "relay_upstream_reconnects_total",
        "relay_broadcast_published_total",
        "relay_broadcast_messages_out_total",
        "relay_broadcast_conflated_total",
        "relay_broadcast_dropped_total",
        "relay_broadcast_latency_milliseconds_bucket",
        "relay_clients_connected",
        "relay_upstream_subscriptions",
        "relay_limits_rejected_total",
    ];

    [Test]
    public async Task Metrics_ExposeTheNamedSeries_AndTheyMoveWhenTicksFlow(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Simulator:TicksPerSecondPerInstrument"] = "20" });
        using var client = host.CreateClient();
        await using var hub = host.CreateHubConnection();
        var ticks = 0;
        hub.On<TickMessage>(nameof(IMarketClient.Tick), _ => Interlocked.Increment(ref ticks));
        await hub.StartAsync(cancellationToken);
        var before = await client.GetStringAsync("/metrics", cancellationToken);

        await hub.InvokeAsync<SubscriptionResult[]>(
            MarketHub.Subscribe, new[] { new InstrumentRef { ExchangeSegment = "NSE_EQ", SecurityId = "1333" } }, "Ticker", cancellationToken);
        await RelayAppHost.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref ticks) >= 3), "ticks reach the client", cancellationToken);
        string after = "";
        await RelayAppHost.WaitUntilAsync(
            async () =>
            {
                after = await client.GetStringAsync("/metrics", cancellationToken);
                return PrometheusText.Value(after, "relay_upstream_packets_total", "type=\"ticker\"") >= 3
                    && PrometheusText.Value(after, "relay_broadcast_messages_out_total") >= 3;
            },
            "the counters show the ticks",
            cancellationToken);

        foreach (var series in NamedSeries.Where(s => s != "relay_limits_rejected_total"))
        {
            PrometheusText.Has(after, series).Should().BeTrue(series);
        }

        (PrometheusText.Value(before, "relay_upstream_packets_total", "type=\"ticker\"") ?? 0).Should().Be(0);
        PrometheusText.Value(after, "relay_clients_connected", "transport=\"hub\"").Should().Be(1);
        PrometheusText.Value(after, "relay_upstream_subscriptions", "mode=\"ticker\"").Should().Be(1);
        PrometheusText.Value(after, "relay_broadcast_latency_milliseconds_count").Should().BeGreaterThanOrEqualTo(3);
        after.Should().Contain("# TYPE relay_broadcast_latency_milliseconds histogram");
    }

    [Test]
    public async Task Metrics_WhenTheAdminKeyIsRequired_Returns401WithoutIt(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:MetricsRequireAdminKey"] = "true" });
        using var anonymous = host.CreateClient();
        using var admin = host.CreateAdminClient();

        (await anonymous.GetAsync("/metrics", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var response = await admin.GetAsync("/metrics", cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(cancellationToken)).Should().Contain("relay_upstream_packets_total");
    }
}
