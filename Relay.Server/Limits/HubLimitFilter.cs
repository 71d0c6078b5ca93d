using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Relay.Core.Upstream;
using Relay.Server.Auth;
using Relay.Server.Observability;

namespace Relay.Server.Limits;

/// <summary>
/// Limits hub calls: <see cref="LimitsOptions.HubCallsPerSecond"/> per connection, and no <c>Subscribe</c> once the
/// user's connections hold <see cref="LimitsOptions.MaxInstrumentsPerUser"/> instruments (users with tokens; the local
/// user of a token-less loopback start is alone and bounded per connection). A refused call throws a
/// <see cref="HubException"/> whose message starts with <c>rate limit:</c>; the connection stays open.
/// </summary>
internal sealed class HubLimitFilter(
    IOptions<LimitsOptions> options,
    UserConnections connections,
    IMarketFeed feed,
    RelayServerMetrics metrics,
    TimeProvider time) : IHubFilter
{
    private static readonly object BucketKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var limits = options.Value;
        var caller = invocationContext.Context;
        if (!caller.Items.TryGetValue(BucketKey, out var value) || value is not HubCallBucket bucket)
        {
            bucket = new HubCallBucket(limits.HubCallsPerSecond, time.GetTimestamp(), time);
            caller.Items[BucketKey] = bucket;
        }

        if (!bucket.TryTake())
        {
            metrics.LimitRejected(RelayServerMetrics.HubCallsLimit);
            throw new HubException($"rate limit: at most {limits.HubCallsPerSecond} hub calls per second per connection; retry shortly.");
        }

        // The local user of a token-less loopback start is alone: its connections are bounded per connection only.
        if (invocationContext.HubMethodName == "Subscribe" && caller.User?.GetUserId() is { } userId && !caller.User.HasClaim(RelayClaims.LocalUser, "true"))
        {
            var held = connections.Of(userId).Sum(c => c.ConnectionId is { } id ? feed.CountHeldBy(id) : 0);
            if (held >= limits.MaxInstrumentsPerUser)
            {
                metrics.LimitRejected(RelayServerMetrics.UserInstrumentsLimit);
                throw new HubException($"rate limit: this user's connections hold {held} instruments, the most allowed is {limits.MaxInstrumentsPerUser}; unsubscribe some first.");
            }
        }

        return await next(invocationContext);
    }
}
