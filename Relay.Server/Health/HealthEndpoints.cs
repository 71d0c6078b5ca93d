using Microsoft.AspNetCore.Http.HttpResults;
using Relay.Core.Contracts;
using Relay.Core.Upstream;

namespace Relay.Server.Health;

/// <summary>Liveness and readiness probes, open to anyone (they reveal no secret).</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c> (the process is alive) and <c>GET /readyz</c> (feed connected and storage writable).</summary>
    public static RouteGroupBuilder MapRelayHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("").WithTags("Health").AllowAnonymous();
        group.MapGet("/healthz", static () => TypedResults.Text("ok"))
            .WithName("Healthz")
            .WithSummary("Liveness: 200 'ok' while the process runs.");
        group.MapGet("/readyz", ReadyAsync)
            .WithName("Readyz")
            .WithSummary("Readiness: 200 when the feed is connected (DhanHQ or the simulator) and storage is writable, else 503 with the reasons.");
        return group;
    }

    internal static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> ReadyAsync(
        IMarketFeed feed,
        StorageProbe storage,
        CancellationToken cancellationToken)
    {
        var status = feed.Status;
        var feedCheck = new FeedCheck(status.State == FeedState.Connected, status.Source, status.State.ToString(), status.Reason);
        var storageError = await storage.CheckAsync(cancellationToken);
        var storageCheck = new StorageCheck(storageError is null, storageError);
        return feedCheck.Ready && storageCheck.Ready
            ? TypedResults.Ok(new ReadinessReport("ready", feedCheck, storageCheck))
            : TypedResults.Json(new ReadinessReport("not-ready", feedCheck, storageCheck), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
