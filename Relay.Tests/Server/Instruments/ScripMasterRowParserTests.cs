using Relay.Core.Contracts;
using Relay.Server.Instruments;

namespace Relay.Tests.Server.Instruments;

internal sealed class ScripMasterRowParserTests
{
    [TestCase("NSE", "I", ExchangeSegment.IDX_I)]
    [TestCase("BSE", "I", ExchangeSegment.IDX_I)]
    [TestCase("NSE", "E", ExchangeSegment.NSE_EQ)]
    [TestCase("NSE", "D", ExchangeSegment.NSE_FNO)]
    [TestCase("NSE", "C", ExchangeSegment.NSE_CURRENCY)]
    [TestCase("BSE", "E", ExchangeSegment.BSE_EQ)]
    [TestCase("BSE", "D", ExchangeSegment.BSE_FNO)]
    [TestCase("BSE", "C", ExchangeSegment.BSE_CURRENCY)]
    [TestCase("MCX", "M", ExchangeSegment.MCX_COMM)]
    [TestCase("nse", "d", ExchangeSegment.NSE_FNO)]
    [TestCase("NSE", "NSE_FNO", ExchangeSegment.NSE_FNO)]
    public void TryMapSegment_DhanPair_MapsToSegment(string exchange, string segment, ExchangeSegment expected)
    {
        ScripMasterRowParser.TryMapSegment(exchange, segment, out var actual).Should().BeTrue();
        actual.Should().Be(expected);
    }

    [TestCase("MCX", "E")]
    [TestCase("NSE", "M")]
    [TestCase("NSE", "")]
    [TestCase("NYSE", "E")]
    [TestCase("NSE", "CM")]
    public void TryMapSegment_UnknownPair_Fails(string exchange, string segment) =>
        ScripMasterRowParser.TryMapSegment(exchange, segment, out _).Should().BeFalse();

    [TestCase("5.0", 0.05)]
    [TestCase("5.0000", 0.05)]
    [TestCase("10", 0.1)]
    [TestCase("0.2500", 0.0025)]
    [TestCase("100.0000", 1.0)]
    public void TryParseTickSize_Paise_BecomesRupees(string text, double rupees)
    {
        ScripMasterRowParser.TryParseTickSize(text, out var tick).Should().BeTrue();
        tick.Should().Be((decimal)rupees);
    }

    [TestCase("75.0", 75)]
    [TestCase("1", 1)]
    [TestCase("", 1)]
    [TestCase("NA", 1)]
    [TestCase("1800.00", 1800)]
    public void TryParseLotSize_DecimalText_BecomesUnits(string text, int expected)
    {
        ScripMasterRowParser.TryParseLotSize(text, out var lot).Should().BeTrue();
        lot.Should().Be(expected);
    }

    [TestCase("7.5")]
    [TestCase("-1")]
    [TestCase("lots")]
    public void TryParseLotSize_NotAWholeNumber_Fails(string text) =>
        ScripMasterRowParser.TryParseLotSize(text, out _).Should().BeFalse();

    [TestCase(null, null)]
    [TestCase("0", null)]
    [TestCase("0001-01-01", null)]
    [TestCase("0001-01-01 00:00:00", null)]
    [TestCase("2026-12-29", "2026-12-29")]
    [TestCase("2026-12-29 14:30:00", "2026-12-29")]
    [TestCase("29-12-2026", "2026-12-29")]
    public void TryParseExpiry_DatesAndPlaceholders_MapsPlaceholdersToNull(string? text, string? expected)
    {
        ScripMasterRowParser.TryParseExpiry(text, out var expiry).Should().BeTrue();
        expiry.Should().Be(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }
}
