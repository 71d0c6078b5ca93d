using System.Buffers.Binary;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>
/// Builds DhanHQ main-feed bytes for tests: hex text to bytes, packets to bytes, packets to frames, and the
/// deliberate damage (wrong length field, unknown code) that decoder and upstream tests need.
/// </summary>
internal static class PacketBuilder
{
    /// <summary>Parses hex text; whitespace (spaces, newlines) is ignored, case does not matter.</summary>
    public static byte[] FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
    }

    /// <summary>Lower-case hex of <paramref name="bytes"/>, no separators (the form the protocol reference uses).</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>One WebSocket frame carrying <paramref name="packets"/> back to back.</summary>
    public static byte[] Frame(params ReadOnlySpan<byte[]> packets)
    {
        var length = 0;
        foreach (var packet in packets)
        {
            length += packet.Length;
        }

        var frame = new byte[length];
        var offset = 0;
        foreach (var packet in packets)
        {
            packet.CopyTo(frame, offset);
            offset += packet.Length;
        }

        return frame;
    }

    /// <summary>A frame carrying <paramref name="packet"/> <paramref name="count"/> times.</summary>
    public static byte[] Repeat(byte[] packet, int count)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var frame = new byte[packet.Length * count];
        for (var i = 0; i < count; i++)
        {
            packet.CopyTo(frame, i * packet.Length);
        }

        return frame;
    }

    /// <summary>A copy of <paramref name="packet"/> whose length field (offset 1) says <paramref name="length"/>.</summary>
    public static byte[] WithLength(byte[] packet, ushort length)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var copy = (byte[])packet.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(1), length);
        return copy;
    }

    /// <summary>A copy of <paramref name="packet"/> with the response code (offset 0) replaced.</summary>
    public static byte[] WithCode(byte[] packet, byte code)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var copy = (byte[])packet.Clone();
        copy[0] = code;
        return copy;
    }

    /// <summary>A copy of <paramref name="packet"/> with the segment byte (offset 3) replaced.</summary>
    public static byte[] WithSegment(byte[] packet, byte segmentCode)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var copy = (byte[])packet.Clone();
        copy[3] = segmentCode;
        return copy;
    }

    /// <summary>
    /// A raw packet of <paramref name="size"/> bytes (at least 8) whose header says <paramref name="code"/> and a
    /// length of <paramref name="size"/>; the payload is filled with <paramref name="fill"/>.
    /// </summary>
    public static byte[] Raw(byte code, int size, byte segmentCode = 0, uint securityId = 0, byte fill = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, PacketHeader.Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, ushort.MaxValue);
        var packet = new byte[size];
        packet.AsSpan(PacketHeader.Size).Fill(fill);
        new PacketHeader((FeedResponseCode)code, (ushort)size, segmentCode, securityId).Write(packet);
        return packet;
    }

    /// <summary>A ticker packet (code 2, 16 bytes).</summary>
    public static byte[] Ticker(InstrumentKey instrument, float ltp, uint ltt) => Bytes(new TickerPacket(instrument, ltp, ltt));

    /// <summary>A previous-close packet (code 6, 16 bytes).</summary>
    public static byte[] PrevClose(InstrumentKey instrument, float prevClose, uint prevOpenInterest = 0) =>
        Bytes(new PrevClosePacket(instrument, prevClose, prevOpenInterest));

    /// <summary>An OI packet (code 5, 12 bytes).</summary>
    public static byte[] OpenInterest(InstrumentKey instrument, uint openInterest) => Bytes(new OiPacket(instrument, openInterest));

    /// <summary>A feed-disconnect packet (code 50, 10 bytes) with segment and security id 0.</summary>
    public static byte[] Disconnect(ushort reasonCode) => Bytes(new DisconnectPacket(reasonCode));

    /// <summary>A market-status packet (code 7, header only, segment and security id 0).</summary>
    public static byte[] MarketStatus() => Raw((byte)FeedResponseCode.MarketStatus, PacketHeader.Size);

    /// <summary>The wire bytes of a ticker packet.</summary>
    public static byte[] Bytes(in TickerPacket packet)
    {
        var bytes = new byte[TickerPacket.Size];
        packet.Write(bytes);
        return bytes;
    }

    /// <summary>The wire bytes of a quote packet.</summary>
    public static byte[] Bytes(in QuotePacket packet)
    {
        var bytes = new byte[QuotePacket.Size];
        packet.Write(bytes);
        return bytes;
    }

    /// <summary>The wire bytes of an OI packet.</summary>
    public static byte[] Bytes(in OiPacket packet)
    {
        var bytes = new byte[OiPacket.Size];
        packet.Write(bytes);
        return bytes;
    }

    /// <summary>The wire bytes of a previous-close packet.</summary>
    public static byte[] Bytes(in PrevClosePacket packet)
    {
        var bytes = new byte[PrevClosePacket.Size];
        packet.Write(bytes);
        return bytes;
    }

    /// <summary>The wire bytes of a full packet.</summary>
    public static byte[] Bytes(in FullPacket packet)
    {
        var bytes = new byte[FullPacket.Size];
        packet.Write(bytes);
        return bytes;
    }

    /// <summary>The wire bytes of a feed-disconnect packet.</summary>
    public static byte[] Bytes(in DisconnectPacket packet)
    {
        var bytes = new byte[DisconnectPacket.Size];
        packet.Write(bytes);
        return bytes;
    }
}
