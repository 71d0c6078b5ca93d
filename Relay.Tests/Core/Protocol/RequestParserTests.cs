using System.Text;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

internal sealed class RequestParserTests
{
    private static readonly FeedRequestCode[] ListCodes =
    [
        FeedRequestCode.SubscribeTicker, FeedRequestCode.UnsubscribeTicker, FeedRequestCode.SubscribeQuote,
        FeedRequestCode.UnsubscribeQuote, FeedRequestCode.SubscribeFull, FeedRequestCode.UnsubscribeFull,
    ];

    [Test]
    public void TryParse_EverythingTheEncoderWrites_RoundTrips([ValueSource(nameof(ListCodes))] FeedRequestCode code, [Values(1, 37, 100)] int count)
    {
        var instruments = Enumerable.Range(0, count)
            .Select(i => new InstrumentKey(ExchangeSegments.All[i % ExchangeSegments.All.Count], (uint)(i * 7919) + 1))
            .ToArray();

        var ok = RequestParser.TryParse(RequestEncoder.Encode(code, instruments), out var request, out var error);

        ok.Should().BeTrue(error);
        request!.Code.Should().Be(code);
        request.Instruments.Should().Equal(instruments);
        request.DeclaredCount.Should().Be(count);
    }

    [Test]
    public void TryParse_EncodedDisconnect_IsDisconnectWithoutInstruments()
    {
        var ok = RequestParser.TryParse(RequestEncoder.EncodeDisconnect(), out var request, out var error);

        ok.Should().BeTrue(error);
        request.Should().BeEquivalentTo(new { Code = FeedRequestCode.Disconnect, Instruments = Array.Empty<InstrumentKey>(), DeclaredCount = -1 });
    }

    [Test]
    public void TryParse_DeclaredCountDifferentFromList_ReportsWhatWasDeclared()
    {
        const string json = """{"RequestCode":15,"InstrumentCount":5,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"}]}""";

        RequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out _).Should().BeTrue();

        request!.DeclaredCount.Should().Be(5);
        request.Instruments.Should().Equal(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333));
    }

    [Test]
    public void TryParse_NoInstrumentCount_ReportsMinusOne()
    {
        const string json = """{"RequestCode":21,"InstrumentList":[{"ExchangeSegment":"MCX_COMM","SecurityId":"1"}]}""";

        RequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out _).Should().BeTrue();

        request!.DeclaredCount.Should().Be(-1);
    }

    [TestCase("", "malformed JSON")]
    [TestCase("   ", "malformed JSON")]
    [TestCase("{", "malformed JSON")]
    [TestCase("not json", "malformed JSON")]
    [TestCase("""{"RequestCode":12,}""", "malformed JSON")]
    [TestCase("""{"RequestCode":12} x""", "malformed JSON")]
    [TestCase("""{"RequestCode":12}{"RequestCode":12}""", "malformed JSON")]
    [TestCase("""[{"RequestCode":12}]""", "not a JSON object")]
    [TestCase("12", "not a JSON object")]
    [TestCase("null", "not a JSON object")]
    [TestCase("{}", "RequestCode")]
    [TestCase("""{"RequestCode":"12"}""", "RequestCode")]
    [TestCase("""{"RequestCode":null}""", "RequestCode")]
    [TestCase("""{"RequestCode":12.5}""", "RequestCode")]
    [TestCase("""{"RequestCode":-15}""", "RequestCode")]
    [TestCase("""{"RequestCode":271}""", "RequestCode")]
    [TestCase("""{"requestCode":12}""", "RequestCode")]
    [TestCase("""{"RequestCode":11}""", "unsupported RequestCode 11")]
    [TestCase("""{"RequestCode":23,"ExchangeSegment":"NSE_FNO","SecurityId":"55795"}""", "unsupported RequestCode 23")]
    [TestCase("""{"RequestCode":99}""", "unsupported RequestCode 99")]
    [TestCase("""{"RequestCode":15}""", "InstrumentList")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":{"ExchangeSegment":"NSE_EQ","SecurityId":"1"}}""", "InstrumentList")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":"1","InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1"}]}""", "InstrumentCount")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1.5,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1"}]}""", "InstrumentCount")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[1333]}""", "string ExchangeSegment and string SecurityId")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":1333}]}""", "string ExchangeSegment and string SecurityId")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":1,"SecurityId":"1333"}]}""", "string ExchangeSegment and string SecurityId")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"SecurityId":"1333"}]}""", "string ExchangeSegment and string SecurityId")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_XX","SecurityId":"1333"}]}""", "Unknown exchange segment 'NSE_XX'")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"0"}]}""", "Security id '0' is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"-1"}]}""", "Security id '-1' is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"13a3"}]}""", "Security id '13a3' is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":" 1333"}]}""", "is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"4294967296"}]}""", "is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":""}]}""", "is not a positive integer")]
    [TestCase("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[[[[[[[[[[1]]]]]]]]]]}""", "malformed JSON")]
    public void TryParse_BadRequest_RejectsWithMessage(string json, string message)
    {
        var ok = RequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);

        ok.Should().BeFalse();
        request.Should().BeNull();
        error.Should().Contain(message);
    }

    [Test]
    public void TryParse_InvalidUtf8InsideAString_RejectsWithMessage()
    {
        var json = Encoding.UTF8.GetBytes("""{"RequestCode":15,"InstrumentCount":1,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1?"}]}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xff;

        var ok = RequestParser.TryParse(json, out _, out var error);

        ok.Should().BeFalse();
        error.Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public void TryParse_RandomBytesAndMutatedRequests_NeverThrow()
    {
        var random = new Random(20250725);
        var valid = RequestEncoder.Encode(FeedRequestCode.SubscribeQuote, [new(ExchangeSegment.NSE_EQ, 1333), new(ExchangeSegment.IDX_I, 13)]);
        var alphabet = "{}[]\":,0123456789 RequestCodeInstrumentListSecurityIdExchangeSegment-.etrufalsn\\"u8.ToArray();
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = (byte[])valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    input[random.Next(input.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                input = input[..random.Next(input.Length + 1)];
            }
            else
            {
                input = new byte[random.Next(64)];
                random.NextBytes(input);
            }

            var ok = RequestParser.TryParse(input, out var request, out var error);

            (ok ? request is not null && error is null : request is null && !string.IsNullOrEmpty(error)).Should().BeTrue();
            accepted += ok ? 1 : 0;
        }

        accepted.Should().BeGreaterThan(0, "some mutations (e.g. of a digit in an id) stay valid");
    }
}
