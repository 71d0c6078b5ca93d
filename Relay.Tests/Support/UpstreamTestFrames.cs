using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>Builds DhanHQ binary frames for upstream tests.</summary>
internal static class UpstreamTestFrames
{
    /// <summary>One frame holding the given packets back to back.</summary>
    public static byte[] Frame(params byte[][] packets) => [.. packets.SelectMany(p => p)];

    public static byte[] Ticker(InstrumentKey instrument, float ltp, uint ltt) => Write(TickerPacket.Size, s => new TickerPacket(instrument, ltp, ltt).Write(s));

    public static byte[] Quote(InstrumentKey instrument, float ltp) =>
        Write(QuotePacket.Size, s => new QuotePacket(instrument, ltp, 10, 1_700_000_000, ltp, 1000, 200, 300, ltp - 1, ltp - 2, ltp + 1, ltp - 3).Write(s));

    public static byte[] OpenInterest(InstrumentKey instrument, uint oi) => Write(OiPacket.Size, s => new OiPacket(instrument, oi).Write(s));

    public static byte[] PrevClose(InstrumentKey instrument, float close) => Write(PrevClosePacket.Size, s => new PrevClosePacket(instrument, close, 77).Write(s));

    public static byte[] Full(InstrumentKey instrument, float ltp)
    {
        var depth = default(Depth5);
        for (var i = 0; i < Depth5.Count; i++)
        {
            depth[i] = new DepthLevel(100, 200, 1, 2, ltp - i, ltp + i);
        }

        return Write(FullPacket.Size, s => new FullPacket(instrument, ltp, 5, 1_700_000_001, ltp, 500, 10, 20, 3000, 3100, 2900, ltp, ltp, ltp + 5, ltp - 5, depth).Write(s));
    }

    public static byte[] MarketStatus() => Write(PacketHeader.Size, s => new PacketHeader(FeedResponseCode.MarketStatus, PacketHeader.Size, 0, 0).Write(s));

    /// <summary>A packet with an undocumented code (well framed: skipped by its length).</summary>
    public static byte[] UnknownCode() => Write(12, s => new PacketHeader((FeedResponseCode)99, 12, 1, 1).Write(s));

    /// <summary>Bytes whose length field cannot be trusted (the rest of the frame is dropped).</summary>
    public static byte[] Garbage() => [0xFF, 0x03, 0x00, 0x01, 0x02];

    private static byte[] Write(int size, Action<byte[]> write)
    {
        var bytes = new byte[size];
        write(bytes);
        return bytes;
    }
}
