using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Open-interest packet, code 5, 12 bytes: OI (uint32 at 8). Sent alongside Quote.</summary>
public readonly record struct OiPacket(InstrumentKey Instrument, uint OpenInterest)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 12;

    internal const int OiOffset = 8;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static OiPacket Read(InstrumentKey instrument, ReadOnlySpan<byte> packet) =>
        new(instrument, BinaryPrimitives.ReadUInt32LittleEndian(packet[OiOffset..]));

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        new PacketHeader(FeedResponseCode.OpenInterest, Size, (byte)Instrument.Segment, Instrument.SecurityId).Write(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[OiOffset..], OpenInterest);
        return Size;
    }
}
