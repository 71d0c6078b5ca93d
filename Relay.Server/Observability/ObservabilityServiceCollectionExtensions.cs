using OpenTelemetry.Metrics;
using Relay.Core.Upstream;
using Relay.Server.Auth;
using Relay.Server.Broadcast;

namespace Relay.Server.Observability;

/// <summary>Registers metrics: OpenTelemetry with a Prometheus scrape endpoint.</summary>
internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The scrape endpoint's path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Adds OpenTelemetry metrics exporting Relay's meters (<c>Relay.Upstream</c>, <c>Relay.Broadcast</c>,
    /// <c>Relay.Server</c>) and ASP.NET Core's (HTTP server, Kestrel, SignalR connections, rate limiting) in the
    /// Prometheus format.
    /// </summary>
    public static IServiceCollection AddRelayObservability(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.AddSingleton<RelayServerMetrics>();
        services.AddOpenTelemetry().WithMetrics(static metrics => metrics
            .AddMeter(UpstreamCounters.MeterName, BroadcastMetrics.MeterName, RelayServerMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.RateLimiting")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c> (Prometheus text format). Open to loopback clients unless
    /// <see cref="AuthOptions.MetricsRequireAdminKey"/>; others need the admin key header.
    /// </summary>
    public static IEndpointConventionBuilder MapRelayMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Created now, so its gauges exist before the first scrape.
        endpoints.ServiceProvider.GetRequiredService<RelayServerMetrics>();
        return endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AuthPolicies.Metrics);
    }
}
