using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Server.Market;

/// <summary>
/// Builds the public messages from a <see cref="MarketSnapshot"/> (raw wire values). A lighter message is derived
/// from the same richer state, so a Ticker client of an instrument the upstream holds in Full still gets a Tick.
/// </summary>
internal static class MarketMessages
{
    /// <summary>
    /// A Tick message; <paramref name="segment"/> and <paramref name="securityId"/> are the cached texts of the key.
    /// It carries the key too, so its positional wire form is written without parsing them (one object per update,
    /// as before). It has no receive time: see <see cref="TickMessage"/>.
    /// </summary>
    public static TickMessage ToTick(in MarketSnapshot snapshot, string segment, string securityId) =>
        new(snapshot.Instrument, segment, securityId)
        {
            Ltp = WirePrice.ToDouble(snapshot.Ltp),
            Ltt = snapshot.Ltt,
        };

    /// <summary>A Quote message built from already converted <paramref name="prices"/>.</summary>
    public static QuoteMessage ToQuote(in MarketSnapshot snapshot, in QuotePrices prices, string segment, string securityId) => new()
    {
        ExchangeSegment = segment,
        SecurityId = securityId,
        Ltp = prices.Ltp,
        Ltt = snapshot.Ltt,
        ReceivedAt = snapshot.ReceivedAt,
        Ltq = snapshot.Ltq,
        Atp = prices.Atp,
        Volume = snapshot.Volume,
        TotalBuyQuantity = snapshot.TotalBuyQuantity,
        TotalSellQuantity = snapshot.TotalSellQuantity,
        Open = prices.Open,
        High = prices.High,
        Low = prices.Low,
        Close = prices.Close,
        Oi = snapshot.OpenInterest,
        PrevClose = prices.PrevClose,
    };

    /// <summary>
    /// A Full message built from already converted <paramref name="prices"/>. <see cref="FullMessage.Depth"/> is
    /// empty until a Full packet arrived for the instrument (all-zero levels would read as a real, empty book).
    /// </summary>
    public static FullMessage ToFull(in MarketSnapshot snapshot, in QuotePrices prices, string segment, string securityId) => new()
    {
        ExchangeSegment = segment,
        SecurityId = securityId,
        Ltp = prices.Ltp,
        Ltt = snapshot.Ltt,
        ReceivedAt = snapshot.ReceivedAt,
        Ltq = snapshot.Ltq,
        Atp = prices.Atp,
        Volume = snapshot.Volume,
        TotalBuyQuantity = snapshot.TotalBuyQuantity,
        TotalSellQuantity = snapshot.TotalSellQuantity,
        Open = prices.Open,
        High = prices.High,
        Low = prices.Low,
        Close = prices.Close,
        Oi = snapshot.OpenInterest,
        PrevClose = prices.PrevClose,
        OiDayHigh = snapshot.OiDayHigh,
        OiDayLow = snapshot.OiDayLow,
        Depth = snapshot.RichestMode == FeedMode.Full ? ToDepth(snapshot.Depth) : [],
    };

    /// <summary>A Full message for one-off use (subscribe snapshots, the REST endpoint): converts everything itself.</summary>
    public static FullMessage ToFull(in MarketSnapshot snapshot)
    {
        var prices = QuotePrices.From(snapshot);
        return ToFull(snapshot, prices, ExchangeSegments.Name(snapshot.Instrument.Segment), snapshot.Instrument.SecurityIdText);
    }

    private static DepthLevelMessage[] ToDepth(in Depth5 depth)
    {
        var levels = new DepthLevelMessage[Depth5.Count];
        for (var i = 0; i < Depth5.Count; i++)
        {
            var level = depth[i];
            levels[i] = new DepthLevelMessage
            {
                BidQuantity = level.BidQuantity,
                AskQuantity = level.AskQuantity,
                BidOrders = level.BidOrders,
                AskOrders = level.AskOrders,
                BidPrice = WirePrice.ToDouble(level.BidPrice),
                AskPrice = WirePrice.ToDouble(level.AskPrice),
            };
        }

        return levels;
    }
}
