using System.Buffers.Binary;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>
/// Splits a main-feed binary frame into packets by their length field and decodes each one. Pure: no I/O,
/// no logging, no allocation, and it never throws on bad input; problems are reported to the handler.
/// </summary>
public static class PacketDecoder
{
    /// <summary>Decodes every packet of <paramref name="frame"/> into <paramref name="handler"/>.</summary>
    /// <remarks>
    /// Rules (protocol reference §4.1): each packet's length (uint16 LE at offset 1) is its total size, header
    /// included. A length below 8 or past the end of the frame cannot be trusted, so the rest of the frame is
    /// reported and dropped; a packet that is well framed but unknown, too short for its code, or for an
    /// undefined segment is reported and skipped by its length, and decoding goes on.
    /// </remarks>
    public static FrameDecodeResult Decode<THandler>(ReadOnlySpan<byte> frame, ref THandler handler)
        where THandler : IPacketHandler, allows ref struct
    {
        var packets = 0;
        var malformed = 0;
        var offset = 0;
        while (offset < frame.Length)
        {
            var rest = frame[offset..];
            if (rest.Length < PacketHeader.Size)
            {
                handler.OnMalformed(DecodeError.TruncatedHeader, offset, rest);
                malformed++;
                break;
            }

            int length = BinaryPrimitives.ReadUInt16LittleEndian(rest[PacketHeader.LengthOffset..]);
            if (length < PacketHeader.Size)
            {
                handler.OnMalformed(DecodeError.LengthTooSmall, offset, rest);
                malformed++;
                break;
            }

            if (length > rest.Length)
            {
                handler.OnMalformed(DecodeError.LengthBeyondFrame, offset, rest);
                malformed++;
                break;
            }

            var packet = rest[..length];
            if (DecodePacket(packet, offset, ref handler))
            {
                packets++;
            }
            else
            {
                malformed++;
            }

            offset += length;
        }

        return new FrameDecodeResult(packets, malformed);
    }

    /// <summary>Decodes one well-framed packet; false when it was reported malformed.</summary>
    private static bool DecodePacket<THandler>(ReadOnlySpan<byte> packet, int offset, ref THandler handler)
        where THandler : IPacketHandler, allows ref struct
    {
        var code = (FeedResponseCode)packet[PacketHeader.CodeOffset];
        switch (code)
        {
            case FeedResponseCode.Ticker:
                if (!TryInstrument(packet, TickerPacket.Size, offset, ref handler, out var ticker))
                {
                    return false;
                }

                handler.OnTicker(TickerPacket.Read(ticker, packet));
                return true;

            case FeedResponseCode.Quote:
                if (!TryInstrument(packet, QuotePacket.Size, offset, ref handler, out var quote))
                {
                    return false;
                }

                handler.OnQuote(QuotePacket.Read(quote, packet));
                return true;

            case FeedResponseCode.OpenInterest:
                if (!TryInstrument(packet, OiPacket.Size, offset, ref handler, out var oi))
                {
                    return false;
                }

                handler.OnOpenInterest(OiPacket.Read(oi, packet));
                return true;

            case FeedResponseCode.PrevClose:
                if (!TryInstrument(packet, PrevClosePacket.Size, offset, ref handler, out var prev))
                {
                    return false;
                }

                handler.OnPrevClose(PrevClosePacket.Read(prev, packet));
                return true;

            case FeedResponseCode.Full:
                if (!TryInstrument(packet, FullPacket.Size, offset, ref handler, out var full))
                {
                    return false;
                }

                handler.OnFull(FullPacket.Read(full, packet));
                return true;

            case FeedResponseCode.Disconnect:
                if (packet.Length < DisconnectPacket.Size)
                {
                    handler.OnMalformed(DecodeError.PacketTooShort, offset, packet);
                    return false;
                }

                handler.OnDisconnect(DisconnectPacket.Read(packet));
                return true;

            case FeedResponseCode.None:
            case FeedResponseCode.Index:
            case FeedResponseCode.MarketDepthV1:
            case FeedResponseCode.MarketStatus:
                handler.OnOther(PacketHeader.Read(packet), packet);
                return true;

            default:
                handler.OnMalformed(DecodeError.UnknownCode, offset, packet);
                return false;
        }
    }

    private static bool TryInstrument<THandler>(ReadOnlySpan<byte> packet, int size, int offset, ref THandler handler, out InstrumentKey instrument)
        where THandler : IPacketHandler, allows ref struct
    {
        if (packet.Length < size)
        {
            handler.OnMalformed(DecodeError.PacketTooShort, offset, packet);
            instrument = default;
            return false;
        }

        var segment = packet[PacketHeader.SegmentOffset];
        if (!ExchangeSegments.IsDefined(segment))
        {
            handler.OnMalformed(DecodeError.UnknownSegment, offset, packet);
            instrument = default;
            return false;
        }

        instrument = new InstrumentKey((ExchangeSegment)segment, BinaryPrimitives.ReadUInt32LittleEndian(packet[PacketHeader.SecurityIdOffset..]));
        return true;
    }
}
