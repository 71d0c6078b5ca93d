using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Previous-close packet, code 6, 16 bytes: previous close (float32 at 8) and previous OI (uint32 at 12).</summary>
/// <remarks>Laid out exactly as on the wire and handed out by reference into the frame, like <see cref="TickerPacket"/>.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct PrevClosePacket : IEquatable<PrevClosePacket>
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 16;

    internal const int PrevCloseOffset = 8;
    internal const int PrevOiOffset = 12;

    private readonly PacketHeader _header;
    private readonly uint _prevClose;
    private readonly uint _prevOpenInterest;

    /// <summary>Creates a packet (header included).</summary>
    public PrevClosePacket(InstrumentKey Instrument, float PrevClose, uint PrevOpenInterest)
    {
        _header = PacketHeader.For(FeedResponseCode.PrevClose, Size, Instrument);
        _prevClose = LittleEndian.FromSingle(PrevClose);
        _prevOpenInterest = LittleEndian.Swap(PrevOpenInterest);
    }

    /// <summary>The header as received.</summary>
    public PacketHeader Header => _header;

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get => _header.UncheckedInstrument; init => _header = PacketHeader.For(_header.Code, _header.Length, value); }

    /// <summary>Previous day's close.</summary>
    public float PrevClose { get => LittleEndian.ToSingle(_prevClose); init => _prevClose = LittleEndian.FromSingle(value); }

    /// <summary>Previous day's open interest.</summary>
    public uint PrevOpenInterest { get => LittleEndian.Swap(_prevOpenInterest); init => _prevOpenInterest = LittleEndian.Swap(value); }

    /// <summary>Equal instrument and fields.</summary>
    public static bool operator ==(PrevClosePacket left, PrevClosePacket right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(PrevClosePacket left, PrevClosePacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length and segment.</summary>
    public static PrevClosePacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<PrevClosePacket>(packet);

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.PrevClose, Size);
        return Size;
    }

    /// <summary>Same instrument and field values (the header's code and length are not compared).</summary>
    public bool Equals(PrevClosePacket other) =>
        Instrument == other.Instrument && PrevClose.Equals(other.PrevClose) && PrevOpenInterest == other.PrevOpenInterest;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrevClosePacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instrument, PrevClose, PrevOpenInterest);

    /// <inheritdoc />
    public override string ToString() => $"PrevClose {Instrument} close {PrevClose} oi {PrevOpenInterest}";
}
