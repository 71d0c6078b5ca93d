using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

internal sealed class FeedModeCodesTests
{
    [TestCase(FeedMode.Ticker, FeedRequestCode.SubscribeTicker, FeedRequestCode.UnsubscribeTicker)]
    [TestCase(FeedMode.Quote, FeedRequestCode.SubscribeQuote, FeedRequestCode.UnsubscribeQuote)]
    [TestCase(FeedMode.Full, FeedRequestCode.SubscribeFull, FeedRequestCode.UnsubscribeFull)]
    public void Codes_EveryMode_MatchDhanAndReadBack(FeedMode mode, FeedRequestCode subscribe, FeedRequestCode unsubscribe)
    {
        mode.SubscribeCode().Should().Be(subscribe);
        mode.UnsubscribeCode().Should().Be(unsubscribe);
        FeedModeCodes.TryGetMode(subscribe, out var m1, out var s1).Should().BeTrue();
        (m1, s1).Should().Be((mode, true));
        FeedModeCodes.TryGetMode(unsubscribe, out var m2, out var s2).Should().BeTrue();
        (m2, s2).Should().Be((mode, false));
    }

    [TestCase(FeedRequestCode.Connect)]
    [TestCase(FeedRequestCode.Disconnect)]
    [TestCase((FeedRequestCode)0)]
    [TestCase((FeedRequestCode)19)]
    [TestCase((FeedRequestCode)23)]
    public void TryGetMode_CodeWithoutMode_IsFalse(FeedRequestCode code)
    {
        FeedModeCodes.TryGetMode(code, out _, out _).Should().BeFalse();
    }

    [Test]
    public void SubscribeCode_UndefinedMode_Throws()
    {
        var act = () => ((FeedMode)0).SubscribeCode();

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [TestCase("Ticker", FeedMode.Ticker)]
    [TestCase("quote", FeedMode.Quote)]
    [TestCase("FULL", FeedMode.Full)]
    public void TryParse_ModeName_Parses(string text, FeedMode mode)
    {
        FeedModeCodes.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(mode);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("1")]
    [TestCase("3")]
    [TestCase("Depth")]
    [TestCase("Ticker,Quote")]
    [TestCase("Ticker, Quote")]
    [TestCase(" Ticker")]
    [TestCase("Full ")]
    public void TryParse_NotExactlyAModeName_IsFalse(string? text)
    {
        FeedModeCodes.TryParse(text, out _).Should().BeFalse();
    }
}
