using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Relay.Server.Auth;
using Relay.Server.Hubs;
using Relay.Server.Observability;

namespace Relay.Server.Limits;

/// <summary>Registers the per-user limits of <see cref="LimitsOptions"/>.</summary>
internal static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the REST rate limiter (a global limiter over <c>/api</c>, one fixed window per user id, or per client address
    /// without a user, and per client address for <c>/api/admin</c>; use it with <see cref="UseRelayRateLimiter"/> after authentication) answering 429 with problem details,
    /// and the hub's call and instrument limits (section <c>Relay:Limits</c>, validated at start).
    /// </summary>
    public static IServiceCollection AddRelayLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(static _ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>, RelayServerMetrics>(static (rateLimiter, options, metrics) =>
        {
            var limits = options.Value;
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !IsApi(context)
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.RestPermitLimit,
                        Window = limits.RestWindow,
                        QueueLimit = 0,
                    }));
            rateLimiter.OnRejected = async (rejected, cancellationToken) =>
            {
                metrics.LimitRejected(RelayServerMetrics.RestLimit);
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.RestWindow;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await AuthProblems.WriteAsync(
                    rejected.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    "Too many requests",
                    $"At most {limits.RestPermitLimit} API calls per {limits.RestWindow.TotalSeconds:0.#} s per user; retry in {seconds} s.");
            };
        });

        services.AddSingleton<HubLimitFilter>();
        services.Configure<HubOptions<MarketHub>>(static hub => hub.AddFilter<HubLimitFilter>());
        return services;
    }

    /// <summary>
    /// Adds the rate limiter to the pipeline for <c>/api</c> requests, the only ones its global limiter limits (use it
    /// after authentication). Other requests skip it entirely: a hub or <c>/ws</c> connection is one request for its
    /// whole life, and the middleware would hold its state and an empty lease for each of them (about 250 bytes).
    /// </summary>
    public static IApplicationBuilder UseRelayRateLimiter(this IApplicationBuilder app) =>
        app.UseWhen(static context => IsApi(context), static api => api.UseRateLimiter());

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    // The admin API is limited per client address (which also slows down guessing the admin key); user endpoints per user.
    private static string PartitionKey(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase)
            ? "admin:" + (context.Connection.RemoteIpAddress ?? IPAddress.None)
            : context.User.GetUserId() is { } userId
                ? "user:" + userId.ToString(CultureInfo.InvariantCulture)
                : "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);
}
