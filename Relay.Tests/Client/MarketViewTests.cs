using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

internal sealed class MarketViewTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [Test]
    public void Merge_TickAfterFull_UpdatesPriceAndKeepsQuoteAndDepth()
    {
        var full = MarketView.Merge(null, MarketUpdate.From(Hdfc, ClientTestServer.Full(Hdfc, 100, receivedAt: 1)));

        var view = MarketView.Merge(full, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 101, Ltt = 5, ReceivedAt = 2 }));

        view.Ltp.Should().Be(101);
        view.Ltt.Should().Be(5);
        view.ReceivedAt.Should().Be(2);
        view.Volume.Should().Be(1000);
        view.Depth.Should().HaveCount(1);
        view.Detail.Should().Be(FeedMode.Full);
        view.LastKind.Should().Be(MarketMessageKind.Tick);
    }

    [Test]
    public void Merge_QuoteAfterFull_ReplacesQuoteFieldsAndKeepsDepth()
    {
        var full = MarketView.Merge(null, MarketUpdate.From(Hdfc, ClientTestServer.Full(Hdfc, 100, receivedAt: 1)));

        var view = MarketView.Merge(full, MarketUpdate.From(Hdfc, new QuoteMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 102, Volume = 2000, ReceivedAt = 3 }));

        view.Ltp.Should().Be(102);
        view.Volume.Should().Be(2000);
        view.Depth.Should().HaveCount(1);
        view.OiDayHigh.Should().Be(7);
        view.Detail.Should().Be(FeedMode.Full);
    }

    [Test]
    public void Merge_OnlyTicks_DetailIsTicker()
    {
        var view = MarketView.Merge(null, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 99, ReceivedAt = 1 }));

        view.Detail.Should().Be(FeedMode.Ticker);
        view.Instrument.Should().Be(Hdfc);
        view.Volume.Should().Be(0);
        view.Depth.Should().BeEmpty();
    }

    [Test]
    public void Merge_OlderSnapshotAfterNewerTick_IsIgnored()
    {
        var tick = MarketView.Merge(null, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 105, ReceivedAt = 50 }));

        var view = MarketView.Merge(tick, MarketUpdate.From(Hdfc, ClientTestServer.Full(Hdfc, 100, receivedAt: 40), snapshot: true));

        view.Should().BeSameAs(tick);
    }
}
