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

        var view = MarketView.Merge(full, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 101, Ltt = 1_700_000_005 }));

        view.Ltp.Should().Be(101);
        view.Ltt.Should().Be(1_700_000_005);
        view.ReceivedAt.Should().Be(1, "a tick carries no receive time: the full update's stays");
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
        var view = MarketView.Merge(null, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 99, Ltt = 1_700_000_000 }));

        view.Detail.Should().Be(FeedMode.Ticker);
        view.Instrument.Should().Be(Hdfc);
        view.Volume.Should().Be(0);
        view.Depth.Should().BeEmpty();
    }

    [Test]
    public void Merge_SnapshotOfAnEarlierTradeAfterTick_IsIgnored()
    {
        // ClientTestServer.Full trades at 1_700_000_000.
        var tick = MarketView.Merge(null, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 105, Ltt = 1_700_000_050 }));

        var view = MarketView.Merge(tick, MarketUpdate.From(Hdfc, ClientTestServer.Full(Hdfc, 100, receivedAt: 40), snapshot: true));

        view.Should().BeSameAs(tick);
    }

    [Test]
    public void Merge_TickOfAnEarlierTrade_IsIgnored()
    {
        var full = MarketView.Merge(null, MarketUpdate.From(Hdfc, ClientTestServer.Full(Hdfc, 100, receivedAt: 40)));

        var view = MarketView.Merge(full, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 99, Ltt = 1_699_999_999 }));

        view.Should().BeSameAs(full);
    }

    [Test]
    public void Merge_TicksAfterQuote_ApplyThoughTheyCarryNoReceiveTime()
    {
        var quote = MarketView.Merge(null, MarketUpdate.From(Hdfc, new QuoteMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 100, Ltt = 1_700_000_000, ReceivedAt = 1_700_000_000_123 }));

        var first = MarketView.Merge(quote, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 100.05, Ltt = 1_700_000_000 }));
        var second = MarketView.Merge(first, MarketUpdate.From(Hdfc, new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 100.1, Ltt = 1_700_000_001 }));

        first.Ltp.Should().Be(100.05, "a tick of the same second is newer than the quote before it");
        second.Ltp.Should().Be(100.1);
        second.Ltt.Should().Be(1_700_000_001);
        second.ReceivedAt.Should().Be(1_700_000_000_123);
        second.Detail.Should().Be(FeedMode.Quote);
    }

    [Test]
    public void Merge_QuoteReceivedEarlier_IsIgnored()
    {
        var quote = MarketView.Merge(null, MarketUpdate.From(Hdfc, new QuoteMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 100, Ltt = 1_700_000_000, ReceivedAt = 50 }));

        var view = MarketView.Merge(quote, MarketUpdate.From(Hdfc, new QuoteMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 99, Ltt = 1_700_000_000, ReceivedAt = 49 }));

        view.Should().BeSameAs(quote);
    }
}
