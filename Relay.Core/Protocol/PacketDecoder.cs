using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Relay.Core.Protocol;

/// <summary>
/// Splits a main-feed binary frame into packets by their length field and hands each one to a handler. Pure: no
/// I/O, no logging, no allocation, and it never throws on bad input; problems are reported to the handler.
/// </summary>
/// <remarks>
/// Packets are not copied: each packet struct is laid out as on the wire, and the handler receives it as an
/// <see langword="in"/> reference into <c>frame</c>, its fields read only when accessed. That reference (like
/// every span passed to the handler) is valid only during the callback.
/// </remarks>
public static class PacketDecoder
{
    // Bit n set when DhanHQ defines segment code n: 0-5, 7 and 8 (protocol reference §3).
    private const uint DefinedSegments = 0b1_1011_1111;

    /// <summary>Decodes every packet of <paramref name="frame"/> into <paramref name="handler"/>.</summary>
    /// <remarks>
    /// Rules (protocol reference §4.1): each packet's length (uint16 LE at offset 1) is its total size, header
    /// included. A length below 8 or past the end of the frame cannot be trusted, so the rest of the frame is
    /// reported and dropped; a packet that is well framed but unknown, too short for its code, or for an
    /// undefined segment is reported and skipped by its length, and decoding goes on. Bytes past a known
    /// layout inside a packet's length are skipped silently.
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

            var error = DecodePacket(rest[..length], ref handler);
            if (error is null)
            {
                packets++;
            }
            else
            {
                handler.OnMalformed(error.GetValueOrDefault(), offset, rest[..length]);
                malformed++;
            }

            offset += length;
        }

        return new FrameDecodeResult(packets, malformed);
    }

    /// <summary>Hands one well-framed packet to the handler; returns why it was not, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeError? DecodePacket<THandler>(ReadOnlySpan<byte> packet, ref THandler handler)
        where THandler : IPacketHandler, allows ref struct
    {
        switch ((FeedResponseCode)packet[PacketHeader.CodeOffset])
        {
            case FeedResponseCode.Ticker:
                if (packet.Length < TickerPacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(packet[PacketHeader.SegmentOffset]))
                {
                    return DecodeError.UnknownSegment;
                }

                handler.OnTicker(in MemoryMarshal.AsRef<TickerPacket>(packet));
                return null;

            case FeedResponseCode.Quote:
                if (packet.Length < QuotePacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(packet[PacketHeader.SegmentOffset]))
                {
                    return DecodeError.UnknownSegment;
                }

                handler.OnQuote(in MemoryMarshal.AsRef<QuotePacket>(packet));
                return null;

            case FeedResponseCode.OpenInterest:
                if (packet.Length < OiPacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(packet[PacketHeader.SegmentOffset]))
                {
                    return DecodeError.UnknownSegment;
                }

                handler.OnOpenInterest(in MemoryMarshal.AsRef<OiPacket>(packet));
                return null;

            case FeedResponseCode.PrevClose:
                if (packet.Length < PrevClosePacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(packet[PacketHeader.SegmentOffset]))
                {
                    return DecodeError.UnknownSegment;
                }

                handler.OnPrevClose(in MemoryMarshal.AsRef<PrevClosePacket>(packet));
                return null;

            case FeedResponseCode.Full:
                if (packet.Length < FullPacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(packet[PacketHeader.SegmentOffset]))
                {
                    return DecodeError.UnknownSegment;
                }

                handler.OnFull(in MemoryMarshal.AsRef<FullPacket>(packet));
                return null;

            case FeedResponseCode.Disconnect:
                // Connection-level: the header's segment and id are undocumented, so they are not checked.
                if (packet.Length < DisconnectPacket.Size)
                {
                    return DecodeError.PacketTooShort;
                }

                handler.OnDisconnect(in MemoryMarshal.AsRef<DisconnectPacket>(packet));
                return null;

            case FeedResponseCode.None:
            case FeedResponseCode.Index:
            case FeedResponseCode.MarketDepthV1:
            case FeedResponseCode.MarketStatus:
                handler.OnOther(in MemoryMarshal.AsRef<PacketHeader>(packet), packet);
                return null;

            default:
                return DecodeError.UnknownCode;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDefinedSegment(byte code) => code < 32 && ((DefinedSegments >> code) & 1) != 0;
}
