using Relay.Bench.Load;

namespace Relay.Tests.Bench;

internal sealed class LatencyHistogramTests
{
    [Test]
    public void Percentile_SmallValues_AreExact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        histogram.Percentile(50).Should().Be(50);
        histogram.Percentile(99).Should().Be(99);
        histogram.Percentile(100).Should().Be(100);
        histogram.Max.Should().Be(100);
    }

    [TestCase(1_000L)]
    [TestCase(2_500_000L)]
    [TestCase(61_000_000L)]
    public void Percentile_LargeValue_IsWithinTwoPercentAbove(long value)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(value);
        histogram.Record(value * 4);

        var p50 = histogram.Percentile(50);

        p50.Should().BeInRange(value, (long)(value * 1.02));
    }

    [Test]
    public void FromSparse_AfterMerge_KeepsCountsMaxAndPercentiles()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        for (var i = 0; i < 990; i++)
        {
            a.Record(500);
        }

        for (var i = 0; i < 10; i++)
        {
            b.Record(80_000);
        }

        a.Add(b);
        var copy = LatencyHistogram.FromSparse(a.ToSparse(), a.Max, a.Sum);

        copy.Count.Should().Be(1000);
        copy.Max.Should().Be(80_000);
        copy.Percentile(99).Should().BeInRange(500, 510);
        copy.Percentile(99.9).Should().BeInRange(80_000, 81_600);
    }
}
