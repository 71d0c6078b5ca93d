namespace Relay.Tests.Support;

/// <summary>One packet from the protocol reference §7 with the value it must decode to.</summary>
/// <param name="Name">The vector's name in the reference, e.g. <c>TV-1 ticker</c>.</param>
/// <param name="Bytes">The packet's wire bytes (treat as read-only).</param>
/// <param name="Expected">
/// The decoded packet (<c>TickerPacket</c>, <c>QuotePacket</c>, <c>OiPacket</c>, <c>PrevClosePacket</c>,
/// <c>FullPacket</c>, <c>DisconnectPacket</c>), or the <c>PacketHeader</c> of a packet with nothing to decode.
/// </param>
internal sealed record ProtocolTestVector(string Name, byte[] Bytes, object Expected)
{
    /// <summary>The name, so NUnit test cases read well.</summary>
    public override string ToString() => Name;
}
