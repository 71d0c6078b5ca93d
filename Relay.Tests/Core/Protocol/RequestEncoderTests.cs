using System.Globalization;
using System.Text;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

internal sealed class RequestEncoderTests
{
    [Test]
    public void Encode_DocumentedExample_MatchesByteForByte()
    {
        InstrumentKey[] batch = [new(ExchangeSegment.NSE_EQ, 1333), new(ExchangeSegment.IDX_I, 13)];

        var json = RequestEncoder.Encode(FeedRequestCode.SubscribeQuote, batch);

        Encoding.UTF8.GetString(json).Should().Be(
            """{"RequestCode":17,"InstrumentCount":2,"InstrumentList":[{"ExchangeSegment":"NSE_EQ","SecurityId":"1333"},{"ExchangeSegment":"IDX_I","SecurityId":"13"}]}""");
    }

    [TestCase(FeedMode.Ticker, 15)]
    [TestCase(FeedMode.Quote, 17)]
    [TestCase(FeedMode.Full, 21)]
    public void EncodeBatches_250InstrumentsInOneMode_Become100And100And50WithDocumentedShape(FeedMode mode, int subscribeCode)
    {
        var instruments = Enumerable.Range(0, 250).Select(Instrument).ToArray();

        var requests = RequestEncoder.EncodeBatches(mode.SubscribeCode(), instruments);

        requests.Select(Encoding.UTF8.GetString).Should().Equal(
            ExpectedJson(subscribeCode, instruments[..100]),
            ExpectedJson(subscribeCode, instruments[100..200]),
            ExpectedJson(subscribeCode, instruments[200..]));
    }

    [TestCase(FeedMode.Ticker, 16)]
    [TestCase(FeedMode.Quote, 18)]
    [TestCase(FeedMode.Full, 22)]
    public void EncodeBatches_Unsubscribe_UsesSubscribeCodePlusOne(FeedMode mode, int unsubscribeCode)
    {
        var instruments = Enumerable.Range(0, 101).Select(Instrument).ToList();

        var requests = RequestEncoder.EncodeBatches(mode.UnsubscribeCode(), instruments);

        ((int)mode.UnsubscribeCode()).Should().Be((int)mode.SubscribeCode() + 1).And.Be(unsubscribeCode);
        requests.Select(Encoding.UTF8.GetString).Should().Equal(
            ExpectedJson(unsubscribeCode, instruments[..100]),
            ExpectedJson(unsubscribeCode, instruments[100..]));
    }

    [Test]
    public void EncodeBatches_Exactly100_IsOneRequest()
    {
        var requests = RequestEncoder.EncodeBatches(FeedRequestCode.SubscribeFull, [.. Enumerable.Range(0, 100).Select(Instrument)]);

        requests.Should().ContainSingle();
    }

    [Test]
    public void EncodeBatches_NoInstruments_IsNoRequest()
    {
        RequestEncoder.EncodeBatches(FeedRequestCode.SubscribeTicker, []).Should().BeEmpty();
    }

    [Test]
    public void EncodeDisconnect_IsRequestCode12()
    {
        Encoding.UTF8.GetString(RequestEncoder.EncodeDisconnect()).Should().Be("""{"RequestCode":12}""");
    }

    [Test]
    public void Encode_EverySegmentAndTheLargestId_UsesDhanNamesAndDecimalStrings()
    {
        InstrumentKey[] batch = [.. ExchangeSegments.All.Select(s => new InstrumentKey(s, uint.MaxValue))];

        var json = Encoding.UTF8.GetString(RequestEncoder.Encode(FeedRequestCode.SubscribeTicker, batch));

        json.Should().Be(ExpectedJson(15, batch));
        json.Should().Contain("\"ExchangeSegment\":\"NSE_CURRENCY\",\"SecurityId\":\"4294967295\"");
    }

    [TestCase(0)]
    [TestCase(101)]
    public void Encode_EmptyOrOver100_Throws(int count)
    {
        var batch = Enumerable.Range(0, count).Select(Instrument).ToArray();

        var act = () => RequestEncoder.Encode(FeedRequestCode.SubscribeTicker, batch);

        act.Should().Throw<ArgumentException>().WithMessage($"*1 to 100 instruments, not {count}*");
    }

    [TestCase(FeedRequestCode.Disconnect)]
    [TestCase(FeedRequestCode.Connect)]
    [TestCase((FeedRequestCode)23)]
    public void Encode_CodeWithoutInstrumentList_Throws(FeedRequestCode code)
    {
        var act = () => RequestEncoder.Encode(code, [Instrument(0)]);

        act.Should().Throw<ArgumentException>().WithMessage("*subscribe or unsubscribe*");
    }

    private static InstrumentKey Instrument(int i) => new(ExchangeSegments.All[i % ExchangeSegments.All.Count], (uint)(1000 + i));

    private static string ExpectedJson(int code, IReadOnlyList<InstrumentKey> batch)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{{\"RequestCode\":{code},\"InstrumentCount\":{batch.Count},\"InstrumentList\":[");
        for (var i = 0; i < batch.Count; i++)
        {
            builder.Append(i == 0 ? "" : ",");
            builder.Append(CultureInfo.InvariantCulture, $"{{\"ExchangeSegment\":\"{batch[i].Segment}\",\"SecurityId\":\"{batch[i].SecurityId}\"}}");
        }

        return builder.Append("]}").ToString();
    }
}
