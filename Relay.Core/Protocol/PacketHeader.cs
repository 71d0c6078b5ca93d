using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>
/// The 8-byte header of every main-feed packet, laid out exactly as on the wire (code u8 @0, length u16 LE @1,
/// segment u8 @3, security id u32 LE @4), so a header can be viewed in place over the received bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct PacketHeader : IEquatable<PacketHeader>
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 8;

    internal const int CodeOffset = 0;
    internal const int LengthOffset = 1;
    internal const int SegmentOffset = 3;
    internal const int SecurityIdOffset = 4;

    private readonly byte _code;
    private readonly ushort _length;
    private readonly byte _segmentCode;
    private readonly uint _securityId;

    /// <summary>Creates a header.</summary>
    public PacketHeader(FeedResponseCode code, ushort length, byte segmentCode, uint securityId)
    {
        _code = (byte)code;
        _length = LittleEndian.Swap(length);
        _segmentCode = segmentCode;
        _securityId = LittleEndian.Swap(securityId);
    }

    /// <summary>Response code (offset 0).</summary>
    public FeedResponseCode Code => (FeedResponseCode)_code;

    /// <summary>Total packet length including this header (offset 1, uint16).</summary>
    public ushort Length => LittleEndian.Swap(_length);

    /// <summary>Raw exchange segment code (offset 3); may be a code DhanHQ does not define.</summary>
    public byte SegmentCode => _segmentCode;

    /// <summary>Security id (offset 4, uint32).</summary>
    public uint SecurityId => LittleEndian.Swap(_securityId);

    /// <summary>The instrument without checking the segment; the decoder has checked it for every data packet it hands out.</summary>
    internal InstrumentKey UncheckedInstrument => new((ExchangeSegment)_segmentCode, SecurityId);

    /// <summary>True when both headers hold the same four fields.</summary>
    public static bool operator ==(PacketHeader left, PacketHeader right) => left.Equals(right);

    /// <summary>True when any field differs.</summary>
    public static bool operator !=(PacketHeader left, PacketHeader right) => !left.Equals(right);

    /// <summary>Reads a header (a copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="packet"/> is shorter than <see cref="Size"/>.</exception>
    public static PacketHeader Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<PacketHeader>(packet);

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

    /// <summary>Writes this header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination) => MemoryMarshal.Write(destination, in this);

    /// <summary>Writes this header with <paramref name="code"/> and <paramref name="length"/> in place of its own.</summary>
    internal void Write(Span<byte> destination, FeedResponseCode code, int length)
    {
        Write(destination);
        destination[CodeOffset] = (byte)code;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)length);
    }

    /// <inheritdoc />
    public bool Equals(PacketHeader other) =>
        _code == other._code && _length == other._length && _segmentCode == other._segmentCode && _securityId == other._securityId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PacketHeader other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_code, _length, _segmentCode, _securityId);

    /// <inheritdoc />
    public override string ToString() => $"code {_code}, length {Length}, segment {_segmentCode}, id {SecurityId}";

    /// <summary>A header for <paramref name="instrument"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static PacketHeader For(FeedResponseCode code, int size, InstrumentKey instrument) =>
        new(code, (ushort)size, (byte)instrument.Segment, instrument.SecurityId);
}
