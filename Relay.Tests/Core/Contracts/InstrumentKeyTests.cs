using Relay.Core.Contracts;

namespace Relay.Tests.Core.Contracts;

internal sealed class InstrumentKeyTests
{
    [TestCase("NSE_EQ:1333", ExchangeSegment.NSE_EQ, 1333u)]
    [TestCase("IDX_I:13", ExchangeSegment.IDX_I, 13u)]
    [TestCase("NSE_CURRENCY:10093", ExchangeSegment.NSE_CURRENCY, 10093u)]
    [TestCase("BSE_CURRENCY:1", ExchangeSegment.BSE_CURRENCY, 1u)]
    [TestCase("bse_fno:8", ExchangeSegment.BSE_FNO, 8u)]
    public void Parse_ValidKey_RoundTrips(string text, ExchangeSegment segment, uint id)
    {
        var key = InstrumentKey.Parse(text);

        key.Should().Be(new InstrumentKey(segment, id));
        key.ToString().Should().Be(text.ToUpperInvariant());
    }

    [TestCase("NSE_XX:1333", "Unknown exchange segment 'NSE_XX'")]
    [TestCase("NSE_EQ:0", "not a positive integer")]
    [TestCase("NSE_EQ:-5", "not a positive integer")]
    [TestCase("NSE_EQ:abc", "not a positive integer")]
    [TestCase("NSE_EQ", "not of the form SEGMENT:SECURITY_ID")]
    public void Parse_InvalidKey_ThrowsFormatExceptionWithClearMessage(string text, string message)
    {
        var act = () => InstrumentKey.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"*{message}*");
        InstrumentKey.TryParse(text, out _).Should().BeFalse();
    }

    [Test]
    public void TryFromCode_EveryCode_MatchesDhanTable()
    {
        var expected = new Dictionary<byte, string>
        {
            [0] = "IDX_I", [1] = "NSE_EQ", [2] = "NSE_FNO", [3] = "NSE_CURRENCY", [4] = "BSE_EQ", [5] = "MCX_COMM", [7] = "BSE_CURRENCY", [8] = "BSE_FNO",
        };

        for (var code = 0; code <= 255; code++)
        {
            var defined = ExchangeSegments.TryFromCode((byte)code, out var segment);
            defined.Should().Be(expected.ContainsKey((byte)code), $"code {code}");
            if (defined)
            {
                ExchangeSegments.Name(segment).Should().Be(expected[(byte)code]);
            }
        }
    }

    [Test]
    public void Name_UndefinedCode_ThrowsClearError()
    {
        var act = () => ExchangeSegments.Name((ExchangeSegment)6);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*code 6 is not defined*");
    }
}
