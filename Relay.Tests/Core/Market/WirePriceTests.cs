using Relay.Core.Market;

namespace Relay.Tests.Core.Market;

internal sealed class WirePriceTests
{
    [TestCase(24350.05f, 24350.05)]
    [TestCase(1465.4f, 1465.4)]
    [TestCase(0.05f, 0.05)]
    [TestCase(99999.95f, 99999.95)]
    [TestCase(-12.35f, -12.35)]
    [TestCase(100f, 100.0)]
    [TestCase(0f, 0.0)]
    [TestCase(3.4028235E+38f, 3.4028235E+38)]
    [TestCase(float.Epsilon, 1E-45)]
    public void ToDouble_Float32Price_ShortestRoundTrippingDecimal(float wire, double expected)
    {
        var price = WirePrice.ToDouble(wire);

        price.Should().Be(expected);
        ((float)price).Should().Be(wire, "the decimal still reads back as the exact float DhanHQ sent");
    }

    [Test]
    public void ToDouble_PlainWidening_WouldNotBeShortest()
    {
        ((double)24350.05f).Should().Be(24350.05078125, "this is what a cast would send clients");
        WirePrice.ToDouble(24350.05f).Should().Be(24350.05);
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void ToDouble_NotFinite_Zero(float wire) => WirePrice.ToDouble(wire).Should().Be(0);

    [Test]
    public void ToDouble_EveryTickOfARange_RoundTrips()
    {
        // Every 0.05 tick from 0 to 30000: the text of the double is the tick itself.
        for (var paise = 0; paise <= 3_000_000; paise += 5)
        {
            var tick = paise / 100m;
            var wire = (float)tick;

            var price = WirePrice.ToDouble(wire);

            if ((decimal)price != tick)
            {
                Assert.Fail($"{tick} arrived as float {wire:R} and went out as {price:R}.");
            }
        }
    }
}
