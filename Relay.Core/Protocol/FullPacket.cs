using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Full packet, code 8, 162 bytes: quote fields, OI with its day range, and 5-level depth (protocol reference §4.4).</summary>
/// <remarks>
/// Laid out exactly as on the wire and handed out by reference into the frame, like <see cref="TickerPacket"/>:
/// decoding copies nothing, and <see cref="Depth"/> is a reference into the same bytes.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct FullPacket : IEquatable<FullPacket>
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

    private readonly PacketHeader _header;
    private readonly uint _ltp;
    private readonly ushort _ltq;
    private readonly uint _ltt;
    private readonly uint _atp;
    private readonly uint _volume;
    private readonly uint _totalSellQuantity;
    private readonly uint _totalBuyQuantity;
    private readonly uint _openInterest;
    private readonly uint _oiDayHigh;
    private readonly uint _oiDayLow;
    private readonly uint _open;
    private readonly uint _close;
    private readonly uint _high;
    private readonly uint _low;
    private readonly Depth5 _depth;

    /// <summary>Creates a packet (header included).</summary>
#pragma warning disable S107 // One parameter per wire field.
    public FullPacket(
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
#pragma warning restore S107
    {
        _header = PacketHeader.For(FeedResponseCode.Full, Size, Instrument);
        _ltp = LittleEndian.FromSingle(Ltp);
        _ltq = LittleEndian.Swap(Ltq);
        _ltt = LittleEndian.Swap(Ltt);
        _atp = LittleEndian.FromSingle(Atp);
        _volume = LittleEndian.Swap(Volume);
        _totalSellQuantity = LittleEndian.Swap(TotalSellQuantity);
        _totalBuyQuantity = LittleEndian.Swap(TotalBuyQuantity);
        _openInterest = LittleEndian.Swap(OpenInterest);
        _oiDayHigh = LittleEndian.Swap(OiDayHigh);
        _oiDayLow = LittleEndian.Swap(OiDayLow);
        _open = LittleEndian.FromSingle(Open);
        _close = LittleEndian.FromSingle(Close);
        _high = LittleEndian.FromSingle(High);
        _low = LittleEndian.FromSingle(Low);
        _depth = Depth;
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

    /// <summary>Open interest (derivatives; 0 otherwise).</summary>
    public uint OpenInterest { get => LittleEndian.Swap(_openInterest); init => _openInterest = LittleEndian.Swap(value); }

    /// <summary>Day's highest OI (NSE_FNO only).</summary>
    public uint OiDayHigh { get => LittleEndian.Swap(_oiDayHigh); init => _oiDayHigh = LittleEndian.Swap(value); }

    /// <summary>Day's lowest OI (NSE_FNO only).</summary>
    public uint OiDayLow { get => LittleEndian.Swap(_oiDayLow); init => _oiDayLow = LittleEndian.Swap(value); }

    /// <summary>Day open.</summary>
    public float Open { get => LittleEndian.ToSingle(_open); init => _open = LittleEndian.FromSingle(value); }

    /// <summary>Day close field as sent (protocol reference §8 #5).</summary>
    public float Close { get => LittleEndian.ToSingle(_close); init => _close = LittleEndian.FromSingle(value); }

    /// <summary>Day high.</summary>
    public float High { get => LittleEndian.ToSingle(_high); init => _high = LittleEndian.FromSingle(value); }

    /// <summary>Day low.</summary>
    public float Low { get => LittleEndian.ToSingle(_low); init => _low = LittleEndian.FromSingle(value); }

    /// <summary>The five depth levels, best first; a reference into the packet (copy it to keep it).</summary>
    [UnscopedRef]
    public ref readonly Depth5 Depth => ref _depth;

    /// <summary>Equal instrument and fields.</summary>
    public static bool operator ==(FullPacket left, FullPacket right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(FullPacket left, FullPacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length and segment.</summary>
    public static FullPacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<FullPacket>(packet);

    /// <summary>This packet with <paramref name="depth"/> in place of its depth.</summary>
    public FullPacket WithDepth(in Depth5 depth) => new(
        Instrument, Ltp, Ltq, Ltt, Atp, Volume, TotalSellQuantity, TotalBuyQuantity, OpenInterest, OiDayHigh, OiDayLow, Open, Close, High, Low, depth);

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.Full, Size);
        return Size;
    }

    /// <summary>Same instrument, field values and depth (the header's code and length are not compared).</summary>
    public bool Equals(FullPacket other) =>
        Instrument == other.Instrument && Ltp.Equals(other.Ltp) && Ltq == other.Ltq && Ltt == other.Ltt && Atp.Equals(other.Atp)
        && Volume == other.Volume && TotalSellQuantity == other.TotalSellQuantity && TotalBuyQuantity == other.TotalBuyQuantity
        && OpenInterest == other.OpenInterest && OiDayHigh == other.OiDayHigh && OiDayLow == other.OiDayLow
        && Open.Equals(other.Open) && Close.Equals(other.Close) && High.Equals(other.High) && Low.Equals(other.Low)
        && Depth.Equals(other.Depth);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FullPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instrument, Ltp, Ltt, Volume, OpenInterest, Depth.GetHashCode());

    /// <inheritdoc />
    public override string ToString() =>
        $"Full {Instrument} ltp {Ltp} ltq {Ltq} ltt {Ltt} atp {Atp} vol {Volume} sell {TotalSellQuantity} buy {TotalBuyQuantity} "
        + $"oi {OpenInterest} ({OiDayLow}-{OiDayHigh}) ohlc {Open}/{High}/{Low}/{Close} depth [{Depth[0]}; {Depth[1]}; {Depth[2]}; {Depth[3]}; {Depth[4]}]";
}
