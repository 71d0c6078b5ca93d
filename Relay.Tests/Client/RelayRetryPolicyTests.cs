using Microsoft.AspNetCore.SignalR.Client;
using Relay.Client;

namespace Relay.Tests.Client;

internal sealed class RelayRetryPolicyTests
{
    [Test]
    public void NextRetryDelay_DefaultWithoutJitter_FollowsScheduleThenCapsAt30SecondsForever()
    {
        var policy = new RelayRetryPolicy { Jitter = 0 };

        var delays = Enumerable.Range(0, 8).Select(i => policy.NextRetryDelay(new RetryContext { PreviousRetryCount = i })?.TotalSeconds);

        delays.Should().Equal(0, 1, 2, 5, 10, 30, 30, 30);
        policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 100_000 }).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Test]
    public void NextRetryDelay_DefaultJitter_StaysWithin20PercentAndUnderTheCap()
    {
        var policy = new RelayRetryPolicy();

        for (var i = 0; i < 200; i++)
        {
            policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 0 }).Should().Be(TimeSpan.Zero, "the first retry is immediate");
            policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 3 })!.Value.TotalSeconds.Should().BeInRange(4, 6);
            policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 9 })!.Value.TotalSeconds.Should().BeInRange(24, 30);
        }
    }

    [Test]
    public void NextRetryDelay_MaxRetriesReached_ReturnsNull()
    {
        var policy = new RelayRetryPolicy { MaxRetries = 2, Jitter = 0 };

        policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 1 }).Should().Be(TimeSpan.FromSeconds(1));
        policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 2 }).Should().BeNull();
    }

    [Test]
    public void Constructor_DelayAboveCap_IsCapped()
    {
        var policy = new RelayRetryPolicy([TimeSpan.FromSeconds(60)], TimeSpan.FromSeconds(10)) { Jitter = 0 };

        policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 0 }).Should().Be(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void Constructor_NegativeDelayOrJitterOutOfRange_Throws()
    {
        var negative = () => new RelayRetryPolicy([TimeSpan.FromSeconds(-1)], TimeSpan.FromSeconds(1));
        var jitter = () => new RelayRetryPolicy { Jitter = 1.5 };

        negative.Should().Throw<ArgumentOutOfRangeException>();
        jitter.Should().Throw<ArgumentOutOfRangeException>();
    }
}
