using System.Buffers.Binary;

namespace Relay.Core.Protocol;

/// <summary>
/// Feed-disconnect packet, code 50, 10 bytes: reason (uint16 at 8). Connection-level: the segment and
/// security id in its header are undocumented and not routed.
/// </summary>
public readonly record struct DisconnectPacket(ushort ReasonCode)
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 10;

    internal const int ReasonOffset = 8;

    /// <summary>The documented reason, when <see cref="ReasonCode"/> is one.</summary>
    public DisconnectReason Reason => (DisconnectReason)ReasonCode;

    /// <summary>Reads the payload; the caller has checked the length.</summary>
    public static DisconnectPacket Read(ReadOnlySpan<byte> packet) => new(BinaryPrimitives.ReadUInt16LittleEndian(packet[ReasonOffset..]));

    /// <summary>Writes the whole packet (segment and id 0); returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        new PacketHeader(FeedResponseCode.Disconnect, Size, 0, 0).Write(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ReasonOffset..], ReasonCode);
        return Size;
    }
}
