using Microsoft.AspNetCore.SignalR.Client;

namespace Relay.Client;

/// <summary>
/// The default reconnect policy: capped exponential backoff with jitter, retrying forever unless
/// <see cref="MaxRetries"/> is set. Delays 0, 1, 2, 5, 10 s, then 30 s for every further attempt.
/// </summary>
/// <remarks>
/// The same policy drives SignalR's automatic reconnect and, when that gives up or the connection closes
/// (for example the relay restarted), the client's own restart loop.
/// </remarks>
public sealed class RelayRetryPolicy : IRetryPolicy
{
    private readonly TimeSpan[] _delays;

    /// <summary>The default delays before attempts 1-5: 0, 1, 2, 5 and 10 seconds.</summary>
    public static IReadOnlyList<TimeSpan> DefaultDelays { get; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    /// <summary>The default delay once <see cref="DefaultDelays"/> are used up: 30 seconds.</summary>
    public static TimeSpan DefaultMaxDelay { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Creates the default policy: 0, 1, 2, 5, 10 s, then 30 s forever, ±20 % jitter.</summary>
    public RelayRetryPolicy()
        : this(DefaultDelays, DefaultMaxDelay)
    {
    }

    /// <summary>Creates a policy with its own delays (tests use milliseconds).</summary>
    /// <param name="delays">The delays before the first attempts, in order; may be empty.</param>
    /// <param name="maxDelay">The delay before every attempt after those; also caps each delay.</param>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative.</exception>
    public RelayRetryPolicy(IEnumerable<TimeSpan> delays, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(delays);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        _delays = [.. delays];
        foreach (var delay in _delays)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(delays));
        }

        MaxDelay = maxDelay;
    }

    /// <summary>The delay before every attempt after the listed ones, and the cap of every delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>
    /// Random spread applied to each non-zero delay, as a fraction: 0.2 (the default) gives ±20 %, so clients
    /// that lost the relay together do not come back together. 0 disables it; must be within [0, 1].
    /// </summary>
    public double Jitter
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0d);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1d);
            field = value;
        }
    } = 0.2;

    /// <summary>How many attempts to make before giving up; <c>null</c> (the default) retries forever.</summary>
    public int? MaxRetries { get; init; }

    /// <inheritdoc />
    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        ArgumentNullException.ThrowIfNull(retryContext);
        var attempt = retryContext.PreviousRetryCount;
        if (MaxRetries is { } max && attempt >= max)
        {
            return null;
        }

        var delay = attempt < _delays.Length ? _delays[attempt] : MaxDelay;
        if (delay > MaxDelay)
        {
            delay = MaxDelay;
        }

        if (Jitter == 0 || delay == TimeSpan.Zero)
        {
            return delay;
        }

        // Jitter only spreads reconnects; it needs no cryptographic strength.
#pragma warning disable CA5394
        var factor = 1 + (Jitter * ((Random.Shared.NextDouble() * 2) - 1));
#pragma warning restore CA5394
        var jittered = TimeSpan.FromTicks((long)(delay.Ticks * factor));
        return jittered > MaxDelay ? MaxDelay : jittered;
    }
}
