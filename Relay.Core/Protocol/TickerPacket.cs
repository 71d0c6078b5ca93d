using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Ticker packet, code 2, 16 bytes: LTP (float32 at 8) and LTT (uint32 epoch seconds at 12).</summary>
public readonly record struct TickerPacket(InstrumentKey Instrument, float Ltp, uint Ltt)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 16;

    internal const int LtpOffset = 8;
    internal const int LttOffset = 12;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static TickerPacket Read(InstrumentKey instrument, ReadOnlySpan<byte> packet) => new(
        instrument,
        BinaryPrimitives.ReadSingleLittleEndian(packet[LtpOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(packet[LttOffset..]));

    /// <summary>Writes the whole packet (header included) into <paramref name="destination"/>; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        new PacketHeader(FeedResponseCode.Ticker, Size, (byte)Instrument.Segment, Instrument.SecurityId).Write(destination);
        BinaryPrimitives.WriteSingleLittleEndian(destination[LtpOffset..], Ltp);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LttOffset..], Ltt);
        return Size;
    }
}
