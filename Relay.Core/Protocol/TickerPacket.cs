using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Ticker packet, code 2, 16 bytes: LTP (float32 at 8) and LTT (uint32 epoch seconds at 12).</summary>
/// <remarks>
/// Laid out exactly as on the wire: <see cref="PacketDecoder"/> hands it to the handler as a reference into the
/// frame (nothing is copied; fields are read when accessed). Copy it (plain assignment) to keep it past the call.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct TickerPacket : IEquatable<TickerPacket>
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 16;

    internal const int LtpOffset = 8;
    internal const int LttOffset = 12;

    private readonly PacketHeader _header;
    private readonly uint _ltp;
    private readonly uint _ltt;

    /// <summary>Creates a packet (header included).</summary>
    public TickerPacket(InstrumentKey Instrument, float Ltp, uint Ltt)
    {
        _header = PacketHeader.For(FeedResponseCode.Ticker, Size, Instrument);
        _ltp = LittleEndian.FromSingle(Ltp);
        _ltt = LittleEndian.Swap(Ltt);
    }

    /// <summary>The header as received (its length may exceed <see cref="Size"/>).</summary>
    public PacketHeader Header => _header;

    /// <summary>The instrument (the decoder only hands out packets of defined segments).</summary>
    public InstrumentKey Instrument { get => _header.UncheckedInstrument; init => _header = PacketHeader.For(_header.Code, _header.Length, value); }

    /// <summary>Last traded price.</summary>
    public float Ltp { get => LittleEndian.ToSingle(_ltp); init => _ltp = LittleEndian.FromSingle(value); }

    /// <summary>Last trade time, epoch seconds as DhanHQ sends them (protocol reference §4.1).</summary>
    public uint Ltt { get => LittleEndian.Swap(_ltt); init => _ltt = LittleEndian.Swap(value); }

    /// <summary>Equal instrument and fields.</summary>
    public static bool operator ==(TickerPacket left, TickerPacket right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(TickerPacket left, TickerPacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length and segment.</summary>
    public static TickerPacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<TickerPacket>(packet);

    /// <summary>Writes the whole packet (header included) into <paramref name="destination"/>; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.Ticker, Size);
        return Size;
    }

    /// <summary>Same instrument and field values (the header's code and length are not compared).</summary>
    public bool Equals(TickerPacket other) => Instrument == other.Instrument && Ltp.Equals(other.Ltp) && Ltt == other.Ltt;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TickerPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instrument, Ltp, Ltt);

    /// <inheritdoc />
    public override string ToString() => $"Ticker {Instrument} ltp {Ltp} ltt {Ltt}";
}
