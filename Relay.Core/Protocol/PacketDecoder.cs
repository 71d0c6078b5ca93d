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
    // DhanHQ defines segment codes 0-5, 7 and 8 (protocol reference §3).
    private const byte MaxSegment = 8;
    private const byte UnusedSegment = 6;

    // DecodePacket's result when the packet went to the handler (any other value is a DecodeError).
    private const int Decoded = -1;

    private const long OneReport = 1L << 32;

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
        // Hot path without bounds checks: every read below is guarded by the explicit length checks before it
        // (header: remaining >= 8; payload: length <= remaining and length >= the layout's size), and the length
        // is read once, so even a buffer changed underneath cannot make a read or a reported span leave the frame.
        // Only positions live in the loop (no frame length or offset), so everything stays in registers. The
        // randomized decoder test covers these guards.
        ref var start = ref MemoryMarshal.GetReference(frame);
        ref var end = ref Unsafe.Add(ref start, frame.Length);
        ref var cursor = ref start;

        // Packets in the low 32 bits, reports in the high 32 bits: one register instead of two in the hot loop.
        var counts = 0L;
        while (Unsafe.IsAddressLessThan(ref cursor, ref end))
        {
            var remaining = (int)Unsafe.ByteOffset(ref cursor, ref end);
            if (remaining < PacketHeader.Size)
            {
                handler.OnMalformed(DecodeError.TruncatedHeader, OffsetOf(ref start, ref cursor), MemoryMarshal.CreateReadOnlySpan(ref cursor, remaining));
                counts += OneReport;
                break;
            }

            int length = LittleEndian.Swap(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref cursor, PacketHeader.LengthOffset)));
            if (length < PacketHeader.Size)
            {
                handler.OnMalformed(DecodeError.LengthTooSmall, OffsetOf(ref start, ref cursor), MemoryMarshal.CreateReadOnlySpan(ref cursor, remaining));
                counts += OneReport;
                break;
            }

            if (length > remaining)
            {
                handler.OnMalformed(DecodeError.LengthBeyondFrame, OffsetOf(ref start, ref cursor), MemoryMarshal.CreateReadOnlySpan(ref cursor, remaining));
                counts += OneReport;
                break;
            }

            // Advance before the handler runs, so only the cursor has to survive the call.
            ref var packet = ref cursor;
            cursor = ref Unsafe.Add(ref cursor, length);
            var error = DecodePacket(ref packet, length, ref handler);
            if (error == Decoded)
            {
                counts++;
            }
            else
            {
                handler.OnMalformed((DecodeError)error, OffsetOf(ref start, ref packet), MemoryMarshal.CreateReadOnlySpan(ref packet, length));
                counts += OneReport;
            }
        }

        return new FrameDecodeResult((int)counts, (int)(counts >> 32));
    }

    /// <summary>
    /// Hands one well-framed packet (<paramref name="length"/> bytes at <paramref name="packet"/>, already checked
    /// to lie inside the frame) to the handler; returns <see cref="Decoded"/> or the <see cref="DecodeError"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodePacket<THandler>(ref byte packet, int length, ref THandler handler)
        where THandler : IPacketHandler, allows ref struct
    {
        var code = (FeedResponseCode)packet;

        // Ticker first, outside the jump table: it is the commonest packet on a busy feed.
        if (code == FeedResponseCode.Ticker)
        {
            if (length < TickerPacket.Size)
            {
                return (int)DecodeError.PacketTooShort;
            }

            if (!IsDefinedSegment(Unsafe.Add(ref packet, PacketHeader.SegmentOffset)))
            {
                return (int)DecodeError.UnknownSegment;
            }

            handler.OnTicker(in Unsafe.As<byte, TickerPacket>(ref packet));
            return Decoded;
        }

        switch (code)
        {
            case FeedResponseCode.Quote:
                if (length < QuotePacket.Size)
                {
                    return (int)DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(Unsafe.Add(ref packet, PacketHeader.SegmentOffset)))
                {
                    return (int)DecodeError.UnknownSegment;
                }

                handler.OnQuote(in Unsafe.As<byte, QuotePacket>(ref packet));
                return Decoded;

            case FeedResponseCode.OpenInterest:
                if (length < OiPacket.Size)
                {
                    return (int)DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(Unsafe.Add(ref packet, PacketHeader.SegmentOffset)))
                {
                    return (int)DecodeError.UnknownSegment;
                }

                handler.OnOpenInterest(in Unsafe.As<byte, OiPacket>(ref packet));
                return Decoded;

            case FeedResponseCode.PrevClose:
                if (length < PrevClosePacket.Size)
                {
                    return (int)DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(Unsafe.Add(ref packet, PacketHeader.SegmentOffset)))
                {
                    return (int)DecodeError.UnknownSegment;
                }

                handler.OnPrevClose(in Unsafe.As<byte, PrevClosePacket>(ref packet));
                return Decoded;

            case FeedResponseCode.Full:
                if (length < FullPacket.Size)
                {
                    return (int)DecodeError.PacketTooShort;
                }

                if (!IsDefinedSegment(Unsafe.Add(ref packet, PacketHeader.SegmentOffset)))
                {
                    return (int)DecodeError.UnknownSegment;
                }

                handler.OnFull(in Unsafe.As<byte, FullPacket>(ref packet));
                return Decoded;

            case FeedResponseCode.Disconnect:
                // Connection-level: the header's segment and id are undocumented, so they are not checked.
                if (length < DisconnectPacket.Size)
                {
                    return (int)DecodeError.PacketTooShort;
                }

                handler.OnDisconnect(in Unsafe.As<byte, DisconnectPacket>(ref packet));
                return Decoded;

            case FeedResponseCode.None:
            case FeedResponseCode.Index:
            case FeedResponseCode.MarketDepthV1:
            case FeedResponseCode.MarketStatus:
                handler.OnOther(in Unsafe.As<byte, PacketHeader>(ref packet), MemoryMarshal.CreateReadOnlySpan(ref packet, length));
                return Decoded;

            default:
                return (int)DecodeError.UnknownCode;
        }
    }

    private static int OffsetOf(ref byte start, ref byte position) => (int)Unsafe.ByteOffset(ref start, ref position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDefinedSegment(byte code) => code <= MaxSegment && code != UnusedSegment;
}
