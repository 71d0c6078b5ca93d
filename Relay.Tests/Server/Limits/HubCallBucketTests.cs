using Microsoft.Extensions.Time.Testing;
using Relay.Server.Limits;

namespace Relay.Tests.Server.Limits;

/// <summary>The per-connection token bucket of hub calls.</summary>
internal sealed class HubCallBucketTests
{
    [Test]
    public void TryTake_AllowsABurstOfTheRate_ThenRefillsAtTheRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new HubCallBucket(4, time.GetTimestamp(), time);

        Enumerable.Range(0, 4).Select(_ => bucket.TryTake()).ToList().Should().AllBeEquivalentTo(true);
        bucket.TryTake().Should().BeFalse();

        time.Advance(TimeSpan.FromMilliseconds(250));
        bucket.TryTake().Should().BeTrue("a quarter second refills one of four per second");
        bucket.TryTake().Should().BeFalse();

        time.Advance(TimeSpan.FromMinutes(1));
        Enumerable.Range(0, 5).Count(_ => bucket.TryTake()).Should().Be(4, "the bucket holds at most the rate");
    }
}
