using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Previous-close packet, code 6, 16 bytes: previous close (float32 at 8) and previous OI (uint32 at 12).</summary>
public readonly record struct PrevClosePacket(InstrumentKey Instrument, float PrevClose, uint PrevOpenInterest)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 16;

    internal const int PrevCloseOffset = 8;
    internal const int PrevOiOffset = 12;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static PrevClosePacket Read(InstrumentKey instrument, ReadOnlySpan<byte> packet) => new(
        instrument,
        BinaryPrimitives.ReadSingleLittleEndian(packet[PrevCloseOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(packet[PrevOiOffset..]));

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        new PacketHeader(FeedResponseCode.PrevClose, Size, (byte)Instrument.Segment, Instrument.SecurityId).Write(destination);
        BinaryPrimitives.WriteSingleLittleEndian(destination[PrevCloseOffset..], PrevClose);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PrevOiOffset..], PrevOpenInterest);
        return Size;
    }
}
