using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Quote packet, code 4, 50 bytes (protocol reference §4.4).</summary>
/// <remarks>Laid out exactly as on the wire and handed out by reference into the frame, like <see cref="TickerPacket"/>.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct QuotePacket : IEquatable<QuotePacket>
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

    private readonly PacketHeader _header;
    private readonly uint _ltp;
    private readonly ushort _ltq;
    private readonly uint _ltt;
    private readonly uint _atp;
    private readonly uint _volume;
    private readonly uint _totalSellQuantity;
    private readonly uint _totalBuyQuantity;
    private readonly uint _open;
    private readonly uint _close;
    private readonly uint _high;
    private readonly uint _low;

    /// <summary>Creates a packet (header included).</summary>
#pragma warning disable S107 // One parameter per wire field.
    public QuotePacket(
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
#pragma warning restore S107
    {
        _header = PacketHeader.For(FeedResponseCode.Quote, Size, Instrument);
        _ltp = LittleEndian.FromSingle(Ltp);
        _ltq = LittleEndian.Swap(Ltq);
        _ltt = LittleEndian.Swap(Ltt);
        _atp = LittleEndian.FromSingle(Atp);
        _volume = LittleEndian.Swap(Volume);
        _totalSellQuantity = LittleEndian.Swap(TotalSellQuantity);
        _totalBuyQuantity = LittleEndian.Swap(TotalBuyQuantity);
        _open = LittleEndian.FromSingle(Open);
        _close = LittleEndian.FromSingle(Close);
        _high = LittleEndian.FromSingle(High);
        _low = LittleEndian.FromSingle(Low);
    }

    /// <summary>The header as received.</summary>
    public PacketHeader Header => _header;

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get => _header.UncheckedInstrument; init => _header = PacketHeader.For(_header.Code, _header.Length, value); }

    /// <summary>Last traded price.</summary>
    public float Ltp { get => LittleEndian.ToSingle(_ltp); init => _ltp = LittleEndian.FromSingle(value); }

    /// <summary>Last traded quantity (16 bits on the wire).</summary>
    public ushort Ltq { get => LittleEndian.Swap(_ltq); init => _ltq = LittleEndian.Swap(value); }

    /// <summary>Last trade time, epoch seconds as DhanHQ sends them.</summary>
    public uint Ltt { get => LittleEndian.Swap(_ltt); init => _ltt = LittleEndian.Swap(value); }

    /// <summary>Average traded price.</summary>
    public float Atp { get => LittleEndian.ToSingle(_atp); init => _atp = LittleEndian.FromSingle(value); }

    /// <summary>Day volume.</summary>
    public uint Volume { get => LittleEndian.Swap(_volume); init => _volume = LittleEndian.Swap(value); }

    /// <summary>Total pending sell quantity.</summary>
    public uint TotalSellQuantity { get => LittleEndian.Swap(_totalSellQuantity); init => _totalSellQuantity = LittleEndian.Swap(value); }

    /// <summary>Total pending buy quantity.</summary>
    public uint TotalBuyQuantity { get => LittleEndian.Swap(_totalBuyQuantity); init => _totalBuyQuantity = LittleEndian.Swap(value); }

    /// <summary>Day open.</summary>
    public float Open { get => LittleEndian.ToSingle(_open); init => _open = LittleEndian.FromSingle(value); }

    /// <summary>Day close field as sent (protocol reference §8 #5).</summary>
    public float Close { get => LittleEndian.ToSingle(_close); init => _close = LittleEndian.FromSingle(value); }

    /// <summary>Day high.</summary>
    public float High { get => LittleEndian.ToSingle(_high); init => _high = LittleEndian.FromSingle(value); }

    /// <summary>Day low.</summary>
    public float Low { get => LittleEndian.ToSingle(_low); init => _low = LittleEndian.FromSingle(value); }

    /// <summary>Equal instrument and fields.</summary>
    public static bool operator ==(QuotePacket left, QuotePacket right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(QuotePacket left, QuotePacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length and segment.</summary>
    public static QuotePacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<QuotePacket>(packet);

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.Quote, Size);
        return Size;
    }

    /// <summary>Same instrument and field values (the header's code and length are not compared).</summary>
    public bool Equals(QuotePacket other) =>
        Instrument == other.Instrument && Ltp.Equals(other.Ltp) && Ltq == other.Ltq && Ltt == other.Ltt && Atp.Equals(other.Atp)
        && Volume == other.Volume && TotalSellQuantity == other.TotalSellQuantity && TotalBuyQuantity == other.TotalBuyQuantity
        && Open.Equals(other.Open) && Close.Equals(other.Close) && High.Equals(other.High) && Low.Equals(other.Low);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QuotePacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instrument, Ltp, Ltt, Volume, TotalSellQuantity, TotalBuyQuantity);

    /// <inheritdoc />
    public override string ToString() =>
        $"Quote {Instrument} ltp {Ltp} ltq {Ltq} ltt {Ltt} atp {Atp} vol {Volume} sell {TotalSellQuantity} buy {TotalBuyQuantity} ohlc {Open}/{High}/{Low}/{Close}";
}
