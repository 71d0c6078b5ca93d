using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Open-interest packet, code 5, 12 bytes: OI (uint32 at 8). Sent alongside Quote.</summary>
/// <remarks>Laid out exactly as on the wire and handed out by reference into the frame, like <see cref="TickerPacket"/>.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct OiPacket : IEquatable<OiPacket>
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 12;

    internal const int OiOffset = 8;

    private readonly PacketHeader _header;
    private readonly uint _openInterest;

    /// <summary>Creates a packet (header included).</summary>
    public OiPacket(InstrumentKey Instrument, uint OpenInterest)
    {
        _header = PacketHeader.For(FeedResponseCode.OpenInterest, Size, Instrument);
        _openInterest = LittleEndian.Swap(OpenInterest);
    }

    /// <summary>The header as received.</summary>
    public PacketHeader Header => _header;

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get => _header.UncheckedInstrument; init => _header = PacketHeader.For(_header.Code, _header.Length, value); }

    /// <summary>Open interest.</summary>
    public uint OpenInterest { get => LittleEndian.Swap(_openInterest); init => _openInterest = LittleEndian.Swap(value); }

    /// <summary>Equal instrument and fields.</summary>
    public static bool operator ==(OiPacket left, OiPacket right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(OiPacket left, OiPacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length and segment.</summary>
    public static OiPacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<OiPacket>(packet);

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.OpenInterest, Size);
        return Size;
    }

    /// <summary>Same instrument and OI (the header's code and length are not compared).</summary>
    public bool Equals(OiPacket other) => Instrument == other.Instrument && OpenInterest == other.OpenInterest;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OiPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instrument, OpenInterest);

    /// <inheritdoc />
    public override string ToString() => $"OI {Instrument} oi {OpenInterest}";
}
