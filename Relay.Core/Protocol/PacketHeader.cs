using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>
/// The 8-byte header of every main-feed packet. All multi-byte fields on this feed are little-endian
/// (protocol reference §4.1); this is the one place that says so for the header.
/// </summary>
public readonly struct PacketHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 8;

    internal const int CodeOffset = 0;
    internal const int LengthOffset = 1;
    internal const int SegmentOffset = 3;
    internal const int SecurityIdOffset = 4;

    /// <summary>Creates a header.</summary>
    public PacketHeader(FeedResponseCode code, ushort length, byte segmentCode, uint securityId)
    {
        Code = code;
        Length = length;
        SegmentCode = segmentCode;
        SecurityId = securityId;
    }

    /// <summary>Response code (offset 0).</summary>
    public FeedResponseCode Code { get; }

    /// <summary>Total packet length including this header (offset 1, uint16).</summary>
    public ushort Length { get; }

    /// <summary>Raw exchange segment code (offset 3); may be a code DhanHQ does not define.</summary>
    public byte SegmentCode { get; }

    /// <summary>Security id (offset 4, uint32).</summary>
    public uint SecurityId { get; }

    /// <summary>The instrument, when the segment code is defined.</summary>
    public bool TryGetInstrument(out InstrumentKey instrument)
    {
        if (ExchangeSegments.TryFromCode(SegmentCode, out var segment))
        {
            instrument = new InstrumentKey(segment, SecurityId);
            return true;
        }

        instrument = default;
        return false;
    }

    /// <summary>Reads a header; the caller guarantees at least <see cref="Size"/> bytes.</summary>
    public static PacketHeader Read(ReadOnlySpan<byte> packet) => new(
        (FeedResponseCode)packet[CodeOffset],
        BinaryPrimitives.ReadUInt16LittleEndian(packet[LengthOffset..]),
        packet[SegmentOffset],
        BinaryPrimitives.ReadUInt32LittleEndian(packet[SecurityIdOffset..]));

    /// <summary>Writes this header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[CodeOffset] = (byte)Code;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], Length);
        destination[SegmentOffset] = SegmentCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SecurityIdOffset..], SecurityId);
    }
}
