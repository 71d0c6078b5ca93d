using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Market;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;

namespace Relay.Tests.Server.Market;

internal sealed class MarketMessagesTests
{
    [Test]
    public void ToFull_FullSnapshot_EveryFieldMapped()
    {
        var full = MarketMessages.ToFull(Full(Tcs, ltt: 1_729_412_345, receivedAt: 1_729_412_345_678));

        full.ExchangeSegment.Should().Be("NSE_EQ");
        full.SecurityId.Should().Be("11536");
        full.Ltp.Should().Be(24350.05);
        full.Ltt.Should().Be(1_729_412_345);
        full.ReceivedAt.Should().Be(1_729_412_345_678);
        full.Ltq.Should().Be(25);
        full.Atp.Should().Be(24349.35);
        full.Volume.Should().Be(1_234_567);
        full.TotalBuyQuantity.Should().Be(56_789);
        full.TotalSellQuantity.Should().Be(45_678);
        (full.Open, full.High, full.Low, full.Close, full.PrevClose).Should().Be((24300.1, 24400.95, 24250.2, 24290.45, 24290.45));
        (full.Oi, full.OiDayHigh, full.OiDayLow).Should().Be((987_654L, 1_000_000L, 900_000L));
        full.Depth.Select(d => d.BidPrice).Should().Equal(24350, 24349.95, 24349.9, 24349.85, 24349.8);
        full.Depth.Select(d => d.AskPrice).Should().Equal(24350.1, 24350.15, 24350.2, 24350.25, 24350.3);
        full.Depth.Select(d => (d.BidQuantity, d.AskQuantity, d.BidOrders, d.AskOrders)).Should().Equal((100L, 200L, 10, 20), (101L, 201L, 11, 21), (102L, 202L, 12, 22), (103L, 203L, 13, 23), (104L, 204L, 14, 24));
    }

    [Test]
    public void ToFull_NoFullPacketYet_EmptyDepth()
    {
        var snapshot = Full(Tcs);
        snapshot.RichestMode = FeedMode.Quote;

        MarketMessages.ToFull(snapshot).Depth.Should().BeEmpty("zero levels would read as a real, empty book");
    }

    [Test]
    public void ToTick_FullSnapshot_TickerFieldsOnly()
    {
        var tick = MarketMessages.ToTick(Full(Reliance, ltt: 42, ltp: 1465.4f, receivedAt: 7), "BSE_EQ", "500325");

        tick.Should().BeEquivalentTo(new TickMessage { ExchangeSegment = "BSE_EQ", SecurityId = "500325", Ltp = 1465.4, Ltt = 42 });
        tick.GetInstrument().Should().Be(Reliance, "the key travels with the texts, so the wire form needs no parsing");
    }

    [Test]
    public void ToQuote_OnlyPrevCloseKnown_ZerosElsewhere()
    {
        var snapshot = new MarketSnapshot { Instrument = Tcs, PrevClose = 3912.6f, ReceivedAt = 5 };

        var quote = MarketMessages.ToQuote(snapshot, QuotePrices.From(snapshot), "NSE_EQ", "11536");

        quote.PrevClose.Should().Be(3912.6);
        quote.Ltp.Should().Be(0);
        quote.Ltt.Should().Be(0);
    }
}
