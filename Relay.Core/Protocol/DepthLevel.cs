using System.Buffers.Binary;

namespace Relay.Core.Protocol;

/// <summary>
/// One level of the 5-level depth inside a Full packet, 20 bytes, both sides interleaved:
/// bid qty (u32 @0), ask qty (u32 @4), bid orders (u16 @8), ask orders (u16 @10), bid price (f32 @12), ask price (f32 @16).
/// </summary>
public readonly record struct DepthLevel(uint BidQuantity, uint AskQuantity, ushort BidOrders, ushort AskOrders, float BidPrice, float AskPrice)
{
    /// <summary>Size of one level in bytes.</summary>
    public const int Size = 20;

    internal const int BidQuantityOffset = 0;
    internal const int AskQuantityOffset = 4;
    internal const int BidOrdersOffset = 8;
    internal const int AskOrdersOffset = 10;
    internal const int BidPriceOffset = 12;
    internal const int AskPriceOffset = 16;

    /// <summary>Reads a level from the first <see cref="Size"/> bytes of <paramref name="level"/>.</summary>
    public static DepthLevel Read(ReadOnlySpan<byte> level) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(level[BidQuantityOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(level[AskQuantityOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(level[BidOrdersOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(level[AskOrdersOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(level[BidPriceOffset..]),
        BinaryPrimitives.ReadSingleLittleEndian(level[AskPriceOffset..]));

    /// <summary>Writes this level into the first <see cref="Size"/> bytes of <paramref name="level"/>.</summary>
    public void Write(Span<byte> level)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(level[BidQuantityOffset..], BidQuantity);
        BinaryPrimitives.WriteUInt32LittleEndian(level[AskQuantityOffset..], AskQuantity);
        BinaryPrimitives.WriteUInt16LittleEndian(level[BidOrdersOffset..], BidOrders);
        BinaryPrimitives.WriteUInt16LittleEndian(level[AskOrdersOffset..], AskOrders);
        BinaryPrimitives.WriteSingleLittleEndian(level[BidPriceOffset..], BidPrice);
        BinaryPrimitives.WriteSingleLittleEndian(level[AskPriceOffset..], AskPrice);
    }
}
