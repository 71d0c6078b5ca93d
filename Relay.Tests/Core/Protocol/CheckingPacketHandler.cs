using System.Buffers.Binary;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

/// <summary>
/// A handler for randomized decoding that checks every callback against the frame itself, without
/// allocating: each report must start where the previous one ended, be framed by the packet's own length
/// field, lie inside the frame, match the bytes it claims to come from, and be the right kind for the
/// code, length and segment there. Together the reports must tile the frame exactly. The first violation is kept.
/// </summary>
internal ref struct CheckingPacketHandler : IPacketHandler
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly long[] _counts;
    private int _cursor;
    private bool _ended;

    /// <param name="frame">The frame being decoded.</param>
    /// <param name="counts">Per-outcome counters, indexed by <see cref="CountIndex"/>; shared across frames.</param>
    public CheckingPacketHandler(ReadOnlySpan<byte> frame, long[] counts)
    {
        _frame = frame;
        _counts = counts;
    }

    /// <summary>Counter slots: one per <see cref="DecodeError"/>, then the decoded kinds.</summary>
    public enum CountIndex
    {
        TruncatedHeader = DecodeError.TruncatedHeader,
        LengthTooSmall = DecodeError.LengthTooSmall,
        LengthBeyondFrame = DecodeError.LengthBeyondFrame,
        PacketTooShort = DecodeError.PacketTooShort,
        UnknownSegment = DecodeError.UnknownSegment,
        UnknownCode = DecodeError.UnknownCode,
        Ticker,
        Quote,
        OpenInterest,
        PrevClose,
        Full,
        Disconnect,
        Other,
        Count,
    }

    /// <summary>The first rule broken, or <c>null</c>.</summary>
    public string? Violation { get; private set; }

    /// <summary>Callbacks received.</summary>
    public int Callbacks { get; private set; }

    /// <summary>True when the reports covered the frame exactly.</summary>
    public readonly bool CoveredWholeFrame => _cursor == _frame.Length;

    public void OnTicker(in TickerPacket packet)
    {
        var b = Take(FeedResponseCode.Ticker, CountIndex.Ticker);
        if (!b.IsEmpty && !(SameInstrument(b, packet.Instrument) && SameBits(b, TickerPacket.LtpOffset, packet.Ltp) && U32(b, TickerPacket.LttOffset) == packet.Ltt))
        {
            Fail("ticker fields do not match the bytes at the cursor");
        }
    }

    public void OnQuote(in QuotePacket packet)
    {
        var b = Take(FeedResponseCode.Quote, CountIndex.Quote);
        if (!b.IsEmpty && !(SameInstrument(b, packet.Instrument) && SameBits(b, QuotePacket.LtpOffset, packet.Ltp) && SameBits(b, QuotePacket.LowOffset, packet.Low)
            && U32(b, QuotePacket.VolumeOffset) == packet.Volume))
        {
            Fail("quote fields do not match the bytes at the cursor");
        }
    }

    public void OnOpenInterest(in OiPacket packet)
    {
        var b = Take(FeedResponseCode.OpenInterest, CountIndex.OpenInterest);
        if (!b.IsEmpty && !(SameInstrument(b, packet.Instrument) && U32(b, OiPacket.OiOffset) == packet.OpenInterest))
        {
            Fail("OI fields do not match the bytes at the cursor");
        }
    }

    public void OnPrevClose(in PrevClosePacket packet)
    {
        var b = Take(FeedResponseCode.PrevClose, CountIndex.PrevClose);
        if (!b.IsEmpty && !(SameInstrument(b, packet.Instrument) && SameBits(b, PrevClosePacket.PrevCloseOffset, packet.PrevClose)
            && U32(b, PrevClosePacket.PrevOiOffset) == packet.PrevOpenInterest))
        {
            Fail("prev-close fields do not match the bytes at the cursor");
        }
    }

    public void OnFull(in FullPacket packet)
    {
        var b = Take(FeedResponseCode.Full, CountIndex.Full);
        if (!b.IsEmpty && !(SameInstrument(b, packet.Instrument) && SameBits(b, FullPacket.LtpOffset, packet.Ltp)
            && U32(b, FullPacket.DepthOffset) == packet.Depth[0].BidQuantity
            && SameBits(b, FullPacket.Size - 4, packet.Depth[Depth5.Count - 1].AskPrice)))
        {
            Fail("full fields do not match the bytes at the cursor");
        }
    }

    public void OnDisconnect(in DisconnectPacket packet)
    {
        var b = Take(FeedResponseCode.Disconnect, CountIndex.Disconnect);
        if (!b.IsEmpty && BinaryPrimitives.ReadUInt16LittleEndian(b[DisconnectPacket.ReasonOffset..]) != packet.ReasonCode)
        {
            Fail("disconnect reason does not match the bytes at the cursor");
        }
    }

    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet)
    {
        var b = Take(null, CountIndex.Other);
        if (b.IsEmpty)
        {
            return;
        }

        if (packet != b)
        {
            Fail("OnOther span is not the packet at the cursor");
        }
        else if (LayoutSize(b[0]) != PacketHeader.Size)
        {
            Fail("OnOther for a code that has a layout or is unknown");
        }
        else if ((byte)header.Code != b[0] || header.Length != b.Length || header.SegmentCode != b[3] || header.SecurityId != U32(b, 4))
        {
            Fail("OnOther header does not match the bytes");
        }
    }

    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
        Callbacks++;
        if (_ended)
        {
            Fail("a report after the rest of the frame was dropped");
            return;
        }

        if (offset != _cursor || skipped.IsEmpty || offset + skipped.Length > _frame.Length || skipped != _frame.Slice(offset, skipped.Length))
        {
            Fail("malformed report is not the frame slice at the cursor");
            return;
        }

        _counts[(int)error]++;
        var rest = _frame[_cursor..];
        var length = rest.Length >= 3 ? BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]) : -1;
        switch (error)
        {
            case DecodeError.TruncatedHeader:
                Check(rest.Length < PacketHeader.Size && skipped.Length == rest.Length, "TruncatedHeader with a whole header left");
                End();
                return;
            case DecodeError.LengthTooSmall:
                Check(rest.Length >= PacketHeader.Size && length < PacketHeader.Size && skipped.Length == rest.Length, "LengthTooSmall for a usable length");
                End();
                return;
            case DecodeError.LengthBeyondFrame:
                Check(rest.Length >= PacketHeader.Size && length > rest.Length && skipped.Length == rest.Length, "LengthBeyondFrame for a length inside the frame");
                End();
                return;
            default:
                if (rest.Length < PacketHeader.Size || length < PacketHeader.Size || length > rest.Length || skipped.Length != length)
                {
                    Fail("a skip that is not exactly one well-framed packet");
                    return;
                }

                var layout = LayoutSize(rest[0]);
                var ok = error switch
                {
                    DecodeError.UnknownCode => layout < 0,
                    DecodeError.PacketTooShort => layout > length,
                    DecodeError.UnknownSegment => layout > PacketHeader.Size && layout <= length && rest[0] != (byte)FeedResponseCode.Disconnect
                        && !ExchangeSegments.IsDefined(rest[3]),
                    _ => false,
                };
                Check(ok, "skip reason does not fit the packet");
                _cursor += length;
                return;
        }
    }

    /// <summary>The layout size of a code: its fixed size, 8 for header-only codes, -1 when unknown.</summary>
    private static int LayoutSize(byte code) => (FeedResponseCode)code switch
    {
        FeedResponseCode.Ticker => TickerPacket.Size,
        FeedResponseCode.Quote => QuotePacket.Size,
        FeedResponseCode.OpenInterest => OiPacket.Size,
        FeedResponseCode.PrevClose => PrevClosePacket.Size,
        FeedResponseCode.Full => FullPacket.Size,
        FeedResponseCode.Disconnect => DisconnectPacket.Size,
        FeedResponseCode.None or FeedResponseCode.Index or FeedResponseCode.MarketDepthV1 or FeedResponseCode.MarketStatus => PacketHeader.Size,
        _ => -1,
    };

    private static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);

    private static bool SameBits(ReadOnlySpan<byte> b, int offset, float value) => BitConverter.SingleToUInt32Bits(value) == U32(b, offset);

    private static bool SameInstrument(ReadOnlySpan<byte> b, InstrumentKey instrument) =>
        ExchangeSegments.IsDefined(b[PacketHeader.SegmentOffset]) && (byte)instrument.Segment == b[PacketHeader.SegmentOffset] && instrument.SecurityId == U32(b, PacketHeader.SecurityIdOffset);

    /// <summary>Takes the well-framed packet at the cursor for a decoded callback; empty after a violation.</summary>
    private ReadOnlySpan<byte> Take(FeedResponseCode? code, CountIndex kind)
    {
        Callbacks++;
        _counts[(int)kind]++;
        if (_ended)
        {
            Fail("a packet after the rest of the frame was dropped");
            return default;
        }

        var rest = _frame[_cursor..];
        if (rest.Length < PacketHeader.Size)
        {
            Fail("a packet decoded from less than a header");
            return default;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(rest[PacketHeader.LengthOffset..]);
        if (length < PacketHeader.Size || length > rest.Length)
        {
            Fail("a packet decoded although its length field cannot be trusted");
            return default;
        }

        var packet = rest[..length];
        if (code is { } expected && (packet[0] != (byte)expected || length < LayoutSize(packet[0])))
        {
            Fail("a packet decoded from another code or from fewer bytes than its layout");
            return default;
        }

        _cursor += length;
        return packet;
    }

    private void End()
    {
        _ended = true;
        _cursor = _frame.Length;
    }

    private void Check(bool condition, string violation)
    {
        if (!condition)
        {
            Fail(violation);
        }
    }

    private void Fail(string violation)
    {
        Violation ??= $"{violation} (cursor {_cursor})";
        End();
    }
}
