using System.Runtime.InteropServices;

namespace Relay.Core.Protocol;

/// <summary>
/// One level of the 5-level depth inside a Full packet, 20 bytes, both sides interleaved and laid out as on the
/// wire: bid qty (u32 @0), ask qty (u32 @4), bid orders (u16 @8), ask orders (u16 @10), bid price (f32 @12), ask price (f32 @16).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct DepthLevel : IEquatable<DepthLevel>
{
    /// <summary>Size of one level in bytes.</summary>
    public const int Size = 20;

    internal const int BidQuantityOffset = 0;
    internal const int AskQuantityOffset = 4;
    internal const int BidOrdersOffset = 8;
    internal const int AskOrdersOffset = 10;
    internal const int BidPriceOffset = 12;
    internal const int AskPriceOffset = 16;

    private readonly uint _bidQuantity;
    private readonly uint _askQuantity;
    private readonly ushort _bidOrders;
    private readonly ushort _askOrders;
    private readonly uint _bidPrice;
    private readonly uint _askPrice;

    /// <summary>Creates a level.</summary>
    public DepthLevel(uint BidQuantity, uint AskQuantity, ushort BidOrders, ushort AskOrders, float BidPrice, float AskPrice)
    {
        _bidQuantity = LittleEndian.Swap(BidQuantity);
        _askQuantity = LittleEndian.Swap(AskQuantity);
        _bidOrders = LittleEndian.Swap(BidOrders);
        _askOrders = LittleEndian.Swap(AskOrders);
        _bidPrice = LittleEndian.FromSingle(BidPrice);
        _askPrice = LittleEndian.FromSingle(AskPrice);
    }

    /// <summary>Quantity bid at this level.</summary>
    public uint BidQuantity { get => LittleEndian.Swap(_bidQuantity); init => _bidQuantity = LittleEndian.Swap(value); }

    /// <summary>Quantity offered at this level.</summary>
    public uint AskQuantity { get => LittleEndian.Swap(_askQuantity); init => _askQuantity = LittleEndian.Swap(value); }

    /// <summary>Number of bid orders.</summary>
    public ushort BidOrders { get => LittleEndian.Swap(_bidOrders); init => _bidOrders = LittleEndian.Swap(value); }

    /// <summary>Number of ask orders.</summary>
    public ushort AskOrders { get => LittleEndian.Swap(_askOrders); init => _askOrders = LittleEndian.Swap(value); }

    /// <summary>Bid price.</summary>
    public float BidPrice { get => LittleEndian.ToSingle(_bidPrice); init => _bidPrice = LittleEndian.FromSingle(value); }

    /// <summary>Ask price.</summary>
    public float AskPrice { get => LittleEndian.ToSingle(_askPrice); init => _askPrice = LittleEndian.FromSingle(value); }

    /// <summary>Equal fields.</summary>
    public static bool operator ==(DepthLevel left, DepthLevel right) => left.Equals(right);

    /// <summary>Any difference.</summary>
    public static bool operator !=(DepthLevel left, DepthLevel right) => !left.Equals(right);

    /// <summary>Reads a level from the first <see cref="Size"/> bytes of <paramref name="level"/>.</summary>
    public static DepthLevel Read(ReadOnlySpan<byte> level) => MemoryMarshal.Read<DepthLevel>(level);

    /// <summary>Writes this level into the first <see cref="Size"/> bytes of <paramref name="level"/>.</summary>
    public void Write(Span<byte> level) => MemoryMarshal.Write(level, in this);

    /// <summary>Same six values.</summary>
    public bool Equals(DepthLevel other) =>
        BidQuantity == other.BidQuantity && AskQuantity == other.AskQuantity && BidOrders == other.BidOrders && AskOrders == other.AskOrders
        && BidPrice.Equals(other.BidPrice) && AskPrice.Equals(other.AskPrice);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DepthLevel other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BidQuantity, AskQuantity, BidOrders, AskOrders, BidPrice, AskPrice);

    /// <inheritdoc />
    public override string ToString() => $"{BidQuantity}@{BidPrice} ({BidOrders}) / {AskQuantity}@{AskPrice} ({AskOrders})";
}
