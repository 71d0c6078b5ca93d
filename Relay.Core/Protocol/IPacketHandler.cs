namespace Relay.Core.Protocol;

/// <summary>
/// Receives the packets of a frame from <see cref="PacketDecoder"/>. Implement it on a struct (or a sealed
/// class) so the decoder's generic call is devirtualised; each call happens synchronously during decoding.
/// </summary>
/// <remarks>
/// Every <see langword="in"/> packet is a view into the frame being decoded (nothing was copied, fields are
/// read when accessed): it is valid only during the call. To keep a packet, copy it (<c>var copy = packet;</c>).
/// Data packets always carry a segment DhanHQ defines, so <c>Instrument</c> is safe to use.
/// </remarks>
public interface IPacketHandler
{
    /// <summary>A ticker packet (code 2).</summary>
    void OnTicker(in TickerPacket packet);

    /// <summary>A quote packet (code 4).</summary>
    void OnQuote(in QuotePacket packet);

    /// <summary>An OI packet (code 5).</summary>
    void OnOpenInterest(in OiPacket packet);

    /// <summary>A previous-close packet (code 6).</summary>
    void OnPrevClose(in PrevClosePacket packet);

    /// <summary>A full packet (code 8).</summary>
    void OnFull(in FullPacket packet);

    /// <summary>A feed-disconnect packet (code 50): the server is about to close.</summary>
    void OnDisconnect(in DisconnectPacket packet);

    /// <summary>
    /// A well-framed packet with nothing to decode: market status (7), index (1), code 0, v1 depth (3).
    /// <paramref name="packet"/> is the raw packet, valid only during the call.
    /// </summary>
    void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet);

    /// <summary>Bytes the decoder skipped, at <paramref name="offset"/> in the frame; <paramref name="skipped"/> is valid only during the call.</summary>
    void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped);
}
