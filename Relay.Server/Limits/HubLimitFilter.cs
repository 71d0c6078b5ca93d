using System.Collections.Concurrent;
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
/// <remarks>
/// Each connection's bucket is created when it connects and dropped when it leaves, kept here by connection id rather
/// than in <see cref="HubCallerContext.Items"/> (whose first use costs a concurrent dictionary per connection).
/// </remarks>
internal sealed class HubLimitFilter(
    IOptions<LimitsOptions> options,
    UserConnections connections,
    IMarketFeed feed,
    RelayServerMetrics metrics,
    TimeProvider time) : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallBucket> _buckets = new(StringComparer.Ordinal);

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _buckets[context.Context.ConnectionId] = NewBucket();
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            _buckets.TryRemove(context.Context.ConnectionId, out _);
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var limits = options.Value;
        var caller = invocationContext.Context;

        // No bucket: the connection is leaving (its disconnect already ran); limit this last call on its own.
        var bucket = _buckets.TryGetValue(caller.ConnectionId, out var existing) ? existing : NewBucket();
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

    private HubCallBucket NewBucket() => new(options.Value.HubCallsPerSecond, time.GetTimestamp(), time);
}
