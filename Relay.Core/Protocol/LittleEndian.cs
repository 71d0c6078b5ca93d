using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Relay.Core.Protocol;

/// <summary>
/// The one place that states the feed's byte order: every multi-byte field on the main feed is little-endian
/// (protocol reference §4.1). Packet structs keep each field's raw wire bits and convert through here, so on a
/// little-endian host (x64, Arm64) every conversion is a no-op the JIT removes.
/// </summary>
internal static class LittleEndian
{
    /// <summary>Host value of raw little-endian bits (and back: the conversion is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Swap(ushort raw) => BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);

    /// <summary>Host value of raw little-endian bits (and back: the conversion is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Swap(uint raw) => BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);

    /// <summary>The float32 whose little-endian bits are <paramref name="raw"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(uint raw) => BitConverter.UInt32BitsToSingle(Swap(raw));

    /// <summary>The little-endian bits of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint FromSingle(float value) => Swap(BitConverter.SingleToUInt32Bits(value));
}
