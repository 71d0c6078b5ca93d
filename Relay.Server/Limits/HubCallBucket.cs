namespace Relay.Server.Limits;

/// <summary>
/// A token bucket for one connection's hub calls: <c>rate</c> tokens per second, holding at most <c>rate</c>.
/// Not thread-safe: SignalR runs one invocation per connection at a time (<c>MaximumParallelInvocationsPerClient</c> 1).
/// </summary>
internal sealed class HubCallBucket(int rate, long startTimestamp, TimeProvider time)
{
    private double _tokens = rate;
    private long _last = startTimestamp;

    /// <summary>Takes one token; false when none is left.</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(rate, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * rate));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
