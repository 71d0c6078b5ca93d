using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>Market snapshots with every field set to a distinct, recognisable value.</summary>
internal static class ServerSnapshots
{
    /// <summary>NSE_EQ:1333.</summary>
    public static readonly InstrumentKey HdfcBank = new(ExchangeSegment.NSE_EQ, 1333);

    /// <summary>BSE_EQ:500325.</summary>
    public static readonly InstrumentKey Reliance = new(ExchangeSegment.BSE_EQ, 500325);

    /// <summary>NSE_EQ:11536.</summary>
    public static readonly InstrumentKey Tcs = new(ExchangeSegment.NSE_EQ, 11536);

    /// <summary>The bid prices of <see cref="Full"/>'s depth, best first, as float32 literals.</summary>
    public static readonly float[] BidPrices = [24350f, 24349.95f, 24349.9f, 24349.85f, 24349.8f];

    /// <summary>The ask prices of <see cref="Full"/>'s depth, best first.</summary>
    public static readonly float[] AskPrices = [24350.1f, 24350.15f, 24350.2f, 24350.25f, 24350.3f];

    /// <summary>A Full-mode snapshot: LTP 24350.05f, depth prices stepping by 0.05 from it, <paramref name="ltt"/> as given.</summary>
    public static MarketSnapshot Full(InstrumentKey instrument, uint ltt = 1_729_412_345, float ltp = 24350.05f, long receivedAt = 0)
    {
        var snapshot = new MarketSnapshot
        {
            Instrument = instrument,
            Ltp = ltp,
            Ltq = 25,
            Ltt = ltt,
            Atp = 24349.35f,
            Volume = 1_234_567,
            TotalSellQuantity = 45_678,
            TotalBuyQuantity = 56_789,
            Open = 24300.1f,
            Close = 24290.45f,
            High = 24400.95f,
            Low = 24250.2f,
            OpenInterest = 987_654,
            OiDayHigh = 1_000_000,
            OiDayLow = 900_000,
            PrevClose = 24290.45f,
            PrevOpenInterest = 950_000,
            RichestMode = FeedMode.Full,
            ReceivedAt = receivedAt == 0 ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : receivedAt,
        };
        for (var i = 0; i < Depth5.Count; i++)
        {
            snapshot.Depth[i] = new DepthLevel((uint)(100 + i), (uint)(200 + i), (ushort)(10 + i), (ushort)(20 + i), BidPrices[i], AskPrices[i]);
        }

        return snapshot;
    }
}
