using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Relay.Server.Trading;

/// <summary>
/// The DhanHQ account's order budget shared by all users: <see cref="TradingOptions.DhanOrdersPerSecond"/> place,
/// modify and cancel calls per second (token bucket, no queueing).
/// </summary>
internal sealed class DhanOrderRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;

    public DhanOrderRateLimiter(IOptions<TradingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PerSecond = options.Value.DhanOrdersPerSecond;
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = PerSecond,
            TokensPerPeriod = PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public int PerSecond { get; }

    public bool TryAcquire()
    {
        using var lease = _limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
