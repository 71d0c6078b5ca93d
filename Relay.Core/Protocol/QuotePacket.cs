using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Quote packet, code 4, 50 bytes (protocol reference §4.4).</summary>
public readonly record struct QuotePacket(
    InstrumentKey Instrument,
    float Ltp,
    ushort Ltq,
    uint Ltt,
    float Atp,
    uint Volume,
    uint TotalSellQuantity,
    uint TotalBuyQuantity,
    float Open,
    float Close,
    float High,
    float Low)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 50;

    internal const int LtpOffset = 8;
    internal const int LtqOffset = 12;
    internal const int LttOffset = 14;
    internal const int AtpOffset = 18;
    internal const int VolumeOffset = 22;
    internal const int TotalSellOffset = 26;
    internal const int TotalBuyOffset = 30;
    internal const int OpenOffset = 34;
    internal const int CloseOffset = 38;
    internal const int HighOffset = 42;
    internal const int LowOffset = 46;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static QuotePacket Read(InstrumentKey instrument, ReadOnlySpan<byte> p) => new(
        instrument,
        BinaryPrimitives.ReadSingleLittleEndian(p[LtpOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(p[LtqOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[LttOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(p[AtpOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[VolumeOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[TotalSellOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[TotalBuyOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(p[OpenOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(p[CloseOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(p[HighOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(p[LowOffset..]));

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> d)
    {
        new PacketHeader(FeedResponseCode.Quote, Size, (byte)Instrument.Segment, Instrument.SecurityId).Write(d);
        BinaryPrimitives.WriteSingleLittleEndian(d[LtpOffset..], Ltp);
        BinaryPrimitives.WriteUInt16LittleEndian(d[LtqOffset..], Ltq);
        BinaryPrimitives.WriteUInt32LittleEndian(d[LttOffset..], Ltt);
        BinaryPrimitives.WriteSingleLittleEndian(d[AtpOffset..], Atp);
        BinaryPrimitives.WriteUInt32LittleEndian(d[VolumeOffset..], Volume);
        BinaryPrimitives.WriteUInt32LittleEndian(d[TotalSellOffset..], TotalSellQuantity);
        BinaryPrimitives.WriteUInt32LittleEndian(d[TotalBuyOffset..], TotalBuyQuantity);
        BinaryPrimitives.WriteSingleLittleEndian(d[OpenOffset..], Open);
        BinaryPrimitives.WriteSingleLittleEndian(d[CloseOffset..], Close);
        BinaryPrimitives.WriteSingleLittleEndian(d[HighOffset..], High);
        BinaryPrimitives.WriteSingleLittleEndian(d[LowOffset..], Low);
        return Size;
    }
}
