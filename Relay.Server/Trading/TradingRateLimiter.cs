using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Relay.Server.Trading;

/// <summary>
/// Per-user budget for place, modify and cancel: a token bucket of <see cref="TradingOptions.OrdersPerSecondPerUser"/>
/// tokens refilled every second; no queueing (an empty bucket answers 429 at once).
/// </summary>
internal sealed class TradingRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter;

    public TradingRateLimiter(IOptions<TradingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perSecond = options.Value.OrdersPerSecondPerUser;
        _limiter = PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        PerSecond = perSecond;
    }

    /// <summary>The configured rate.</summary>
    public int PerSecond { get; }

    /// <summary>Takes one token for <paramref name="userId"/>; false when the user is over the rate.</summary>
    public bool TryAcquire(long userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
