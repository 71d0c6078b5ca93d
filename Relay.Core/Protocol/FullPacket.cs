using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Full packet, code 8, 162 bytes: quote fields, OI with its day range, and 5-level depth (protocol reference §4.4).</summary>
public readonly record struct FullPacket(
    InstrumentKey Instrument,
    float Ltp,
    ushort Ltq,
    uint Ltt,
    float Atp,
    uint Volume,
    uint TotalSellQuantity,
    uint TotalBuyQuantity,
    uint OpenInterest,
    uint OiDayHigh,
    uint OiDayLow,
    float Open,
    float Close,
    float High,
    float Low,
    Depth5 Depth)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 162;

    internal const int LtpOffset = 8;
    internal const int LtqOffset = 12;
    internal const int LttOffset = 14;
    internal const int AtpOffset = 18;
    internal const int VolumeOffset = 22;
    internal const int TotalSellOffset = 26;
    internal const int TotalBuyOffset = 30;
    internal const int OiOffset = 34;
    internal const int OiDayHighOffset = 38;
    internal const int OiDayLowOffset = 42;
    internal const int OpenOffset = 46;
    internal const int CloseOffset = 50;
    internal const int HighOffset = 54;
    internal const int LowOffset = 58;
    internal const int DepthOffset = 62;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static FullPacket Read(InstrumentKey instrument, ReadOnlySpan<byte> p)
    {
        var depth = default(Depth5);
        for (var i = 0; i < Depth5.Count; i++)
        {
            depth[i] = DepthLevel.Read(p.Slice(DepthOffset + (i * DepthLevel.Size), DepthLevel.Size));
        }

        return new FullPacket(
            instrument,
            BinaryPrimitives.ReadSingleLittleEndian(p[LtpOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(p[LtqOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[LttOffset..]),
            BinaryPrimitives.ReadSingleLittleEndian(p[AtpOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[VolumeOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[TotalSellOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[TotalBuyOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[OiOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[OiDayHighOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[OiDayLowOffset..]),
            BinaryPrimitives.ReadSingleLittleEndian(p[OpenOffset..]),
            BinaryPrimitives.ReadSingleLittleEndian(p[CloseOffset..]),
            BinaryPrimitives.ReadSingleLittleEndian(p[HighOffset..]),
            BinaryPrimitives.ReadSingleLittleEndian(p[LowOffset..]),
            depth);
    }

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> d)
    {
        new PacketHeader(FeedResponseCode.Full, Size, (byte)Instrument.Segment, Instrument.SecurityId).Write(d);
        BinaryPrimitives.WriteSingleLittleEndian(d[LtpOffset..], Ltp);
        BinaryPrimitives.WriteUInt16LittleEndian(d[LtqOffset..], Ltq);
        BinaryPrimitives.WriteUInt32LittleEndian(d[LttOffset..], Ltt);
        BinaryPrimitives.WriteSingleLittleEndian(d[AtpOffset..], Atp);
        BinaryPrimitives.WriteUInt32LittleEndian(d[VolumeOffset..], Volume);
        BinaryPrimitives.WriteUInt32LittleEndian(d[TotalSellOffset..], TotalSellQuantity);
        BinaryPrimitives.WriteUInt32LittleEndian(d[TotalBuyOffset..], TotalBuyQuantity);
        BinaryPrimitives.WriteUInt32LittleEndian(d[OiOffset..], OpenInterest);
        BinaryPrimitives.WriteUInt32LittleEndian(d[OiDayHighOffset..], OiDayHigh);
        BinaryPrimitives.WriteUInt32LittleEndian(d[OiDayLowOffset..], OiDayLow);
        BinaryPrimitives.WriteSingleLittleEndian(d[OpenOffset..], Open);
        BinaryPrimitives.WriteSingleLittleEndian(d[CloseOffset..], Close);
        BinaryPrimitives.WriteSingleLittleEndian(d[HighOffset..], High);
        BinaryPrimitives.WriteSingleLittleEndian(d[LowOffset..], Low);
        for (var i = 0; i < Depth5.Count; i++)
        {
            Depth[i].Write(d.Slice(DepthOffset + (i * DepthLevel.Size), DepthLevel.Size));
        }

        return Size;
    }
}
