using System.Runtime.InteropServices;

namespace Relay.Core.Protocol;

/// <summary>
/// Feed-disconnect packet, code 50, 10 bytes: reason (uint16 at 8). Connection-level: the segment and
/// security id in its header are undocumented and not routed.
/// </summary>
/// <remarks>Laid out exactly as on the wire and handed out by reference into the frame, like <see cref="TickerPacket"/>.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = Size)]
public readonly struct DisconnectPacket : IEquatable<DisconnectPacket>
{
    /// <summary>Total length in bytes.</summary>
    public const int Size = 10;

    internal const int ReasonOffset = 8;

    private readonly PacketHeader _header;
    private readonly ushort _reasonCode;

    /// <summary>Creates a packet with segment and security id 0.</summary>
    public DisconnectPacket(ushort ReasonCode)
    {
        _header = new PacketHeader(FeedResponseCode.Disconnect, Size, 0, 0);
        _reasonCode = LittleEndian.Swap(ReasonCode);
    }

    /// <summary>The header as received.</summary>
    public PacketHeader Header => _header;

    /// <summary>The reason code (protocol reference §5); see <see cref="DisconnectReasons"/>.</summary>
    public ushort ReasonCode { get => LittleEndian.Swap(_reasonCode); init => _reasonCode = LittleEndian.Swap(value); }

    /// <summary>The documented reason, when <see cref="ReasonCode"/> is one.</summary>
    public DisconnectReason Reason => (DisconnectReason)ReasonCode;

    /// <summary>Same reason code.</summary>
    public static bool operator ==(DisconnectPacket left, DisconnectPacket right) => left.Equals(right);

    /// <summary>Different reason codes.</summary>
    public static bool operator !=(DisconnectPacket left, DisconnectPacket right) => !left.Equals(right);

    /// <summary>Copies a packet out of its wire bytes; the caller has checked the length.</summary>
    public static DisconnectPacket Read(ReadOnlySpan<byte> packet) => MemoryMarshal.Read<DisconnectPacket>(packet);

    /// <summary>Writes the whole packet; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in this);
        _header.Write(destination, FeedResponseCode.Disconnect, Size);
        return Size;
    }

    /// <summary>Same reason code (the header is not compared: it is undocumented).</summary>
    public bool Equals(DisconnectPacket other) => ReasonCode == other.ReasonCode;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DisconnectPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ReasonCode;

    /// <inheritdoc />
    public override string ToString() => $"Disconnect {DisconnectReasons.Describe(ReasonCode)}";
}
