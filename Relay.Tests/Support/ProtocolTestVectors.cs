using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>
/// The main-feed test vectors of /work/shared/docs/dhanhq-feed-protocol.md §7 (hex copied verbatim) and the
/// real-wire anchor of DhanHQ-py issue #90, each with every field it must decode to.
/// </summary>
internal static class ProtocolTestVectors
{
    /// <summary>TV-1 Ticker: NSE_EQ 1333, LTP 1642.25, LTT 1753439415.</summary>
    public static readonly ProtocolTestVector Ticker = new(
        "TV-1 ticker",
        PacketBuilder.FromHex("02100001350500000048cd44b75c8368"),
        new TickerPacket(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333), 1642.25f, 1753439415));

    /// <summary>TV-2 Prev close: IDX_I 13, close 24350.5, OI 0.</summary>
    public static readonly ProtocolTestVector PrevClose = new(
        "TV-2 prev close",
        PacketBuilder.FromHex("061000000d000000003dbe4600000000"),
        new PrevClosePacket(new InstrumentKey(ExchangeSegment.IDX_I, 13), 24350.5f, 0));

    /// <summary>TV-3 Quote: NSE_EQ 2885.</summary>
    public static readonly ProtocolTestVector Quote = new(
        "TV-3 quote",
        PacketBuilder.FromHex("""
            04320001450b0000006c38451900066583680048384587d612006eb20000d5dd
            000000c03745007437450008394500203745
            """),
        new QuotePacket(
            new InstrumentKey(ExchangeSegment.NSE_EQ, 2885),
            Ltp: 2950.75f,
            Ltq: 25,
            Ltt: 1753441542,
            Atp: 2948.5f,
            Volume: 1234567,
            TotalSellQuantity: 45678,
            TotalBuyQuantity: 56789,
            Open: 2940.0f,
            Close: 2935.25f,
            High: 2960.5f,
            Low: 2930.0f));

    /// <summary>TV-4 OI: NSE_FNO 55796, OI 1234500.</summary>
    public static readonly ProtocolTestVector OpenInterest = new(
        "TV-4 OI",
        PacketBuilder.FromHex("050c0002f4d9000044d61200"),
        new OiPacket(new InstrumentKey(ExchangeSegment.NSE_FNO, 55796), 1234500));

    /// <summary>TV-5 Market status: header only (code 7, length 8, segment 0, id 0).</summary>
    public static readonly ProtocolTestVector MarketStatus = new(
        "TV-5 market status",
        PacketBuilder.FromHex("0708000000000000"),
        new PacketHeader(FeedResponseCode.MarketStatus, 8, 0, 0));

    /// <summary>TV-6 Full with 5-level depth: NSE_FNO 55795.</summary>
    public static readonly ProtocolTestVector Full = new(
        "TV-6 full",
        PacketBuilder.FromHex("""
            08a20002f3d90000004018434b00ef9b836800801743a025260020bf02005034
            030060e31600006a1800c05c150000000c4300c00a430080204300400743dc05
            0000cf0300000c0008000000184300801843ca080000b004000014000a0000c0
            174300c01843b80b00000807000019000e000080174300001943ee0200006009
            000006001300004017430040194394110000580200001e000500000017430080
            1943
            """),
        new FullPacket(
            new InstrumentKey(ExchangeSegment.NSE_FNO, 55795),
            Ltp: 152.25f,
            Ltq: 75,
            Ltt: 1753455599,
            Atp: 151.5f,
            Volume: 2500000,
            TotalSellQuantity: 180000,
            TotalBuyQuantity: 210000,
            OpenInterest: 1500000,
            OiDayHigh: 1600000,
            OiDayLow: 1400000,
            Open: 140.0f,
            Close: 138.75f,
            High: 160.5f,
            Low: 135.25f,
            Depth: Depth(
                new DepthLevel(1500, 975, 12, 8, 152.0f, 152.5f),
                new DepthLevel(2250, 1200, 20, 10, 151.75f, 152.75f),
                new DepthLevel(3000, 1800, 25, 14, 151.5f, 153.0f),
                new DepthLevel(750, 2400, 6, 19, 151.25f, 153.25f),
                new DepthLevel(4500, 600, 30, 5, 151.0f, 153.5f))));

    /// <summary>TV-7 Feed disconnect, reason 805.</summary>
    public static readonly ProtocolTestVector Disconnect = new(
        "TV-7 disconnect 805",
        PacketBuilder.FromHex("320a0000000000002503"),
        new DisconnectPacket(805));

    /// <summary>
    /// The real Full packet of DhanHQ-py issue #90: its first 14 bytes as logged (code 8, length 162, NSE_FNO,
    /// id 55796, LTP float32(152.30), LTQ 75), zero padding, and the logged last 8 bytes (L5 bid 152.10 / ask 152.80).
    /// </summary>
    public static readonly ProtocolTestVector RealWireAnchor = new(
        "issue #90 real-wire full",
        RealWireAnchorBytes(),
        new FullPacket(
            new InstrumentKey(ExchangeSegment.NSE_FNO, 55796),
            Ltp: 152.3f,
            Ltq: 75,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            Depth(default, default, default, default, new DepthLevel(0, 0, 0, 0, 152.1f, 152.8f))));

    /// <summary>TV-10: one frame carrying Prev close then Ticker for NSE_EQ 11536.</summary>
    public static readonly byte[] TwoPacketFrame = PacketBuilder.FromHex("06100001102d000000d855450000000002100001102d000000105645144b8368");

    /// <summary>What <see cref="TwoPacketFrame"/> decodes to, in order.</summary>
    public static readonly IReadOnlyList<object> TwoPacketFrameExpected =
    [
        new PrevClosePacket(new InstrumentKey(ExchangeSegment.NSE_EQ, 11536), 3421.5f, 0),
        new TickerPacket(new InstrumentKey(ExchangeSegment.NSE_EQ, 11536), 3425.0f, 1753434900),
    ];

    /// <summary>Every single-packet vector (TV-1 to TV-7 and the real-wire anchor).</summary>
    public static readonly IReadOnlyList<ProtocolTestVector> All = [Ticker, PrevClose, Quote, OpenInterest, MarketStatus, Full, Disconnect, RealWireAnchor];

    /// <summary>The first 14 bytes logged in DhanHQ-py issue #90.</summary>
    public static byte[] RealWireFirst14Bytes() => PacketBuilder.FromHex("08 a2 00 02 f4 d9 00 00 cd 4c 18 43 4b 00");

    private static byte[] RealWireAnchorBytes()
    {
        var packet = new byte[FullPacket.Size];
        RealWireFirst14Bytes().CopyTo(packet, 0);
        PacketBuilder.FromHex("9a 19 18 43 cd cc 18 43").CopyTo(packet, FullPacket.Size - 8);
        return packet;
    }

    private static Depth5 Depth(DepthLevel l1, DepthLevel l2, DepthLevel l3, DepthLevel l4, DepthLevel l5)
    {
        var depth = default(Depth5);
        depth[0] = l1;
        depth[1] = l2;
        depth[2] = l3;
        depth[3] = l4;
        depth[4] = l5;
        return depth;
    }
}
