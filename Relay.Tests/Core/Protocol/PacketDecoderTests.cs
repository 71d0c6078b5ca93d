using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Protocol;

internal sealed class PacketDecoderTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);

    private static IEnumerable<ProtocolTestVector> Vectors => ProtocolTestVectors.All;

    [TestCaseSource(nameof(Vectors))]
    public void Decode_TestVector_DecodesEveryDocumentedField(ProtocolTestVector vector)
    {
        var (handler, result) = RecordingPacketHandler.Decode(vector.Bytes);

        handler.Events.Should().Equal(Expected(vector, 0));
        result.Should().Be(new FrameDecodeResult(Packets: 1, Malformed: 0));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Write_DecodedTestVector_ReproducesWireBytes(ProtocolTestVector vector)
    {
        var bytes = vector.Expected switch
        {
            TickerPacket p => PacketBuilder.Bytes(p),
            QuotePacket p => PacketBuilder.Bytes(p),
            OiPacket p => PacketBuilder.Bytes(p),
            PrevClosePacket p => PacketBuilder.Bytes(p),
            FullPacket p => PacketBuilder.Bytes(p),
            DisconnectPacket p => PacketBuilder.Bytes(p),
            PacketHeader h => HeaderBytes(h),
            _ => throw new InvalidOperationException($"unexpected vector type {vector.Expected.GetType()}"),
        };

        PacketBuilder.ToHex(bytes).Should().Be(PacketBuilder.ToHex(vector.Bytes));
    }

    [Test]
    public void Decode_RealWireFirst14Bytes_HeaderAndFirstFieldsMatchIssue90()
    {
        var padded = new byte[FullPacket.Size];
        ProtocolTestVectors.RealWireFirst14Bytes().CopyTo(padded, 0);

        var (handler, _) = RecordingPacketHandler.Decode(padded);

        var full = handler.Events.Should().ContainSingle().Which.Should().BeOfType<FullPacket>().Subject;
        full.Instrument.Should().Be(new InstrumentKey(ExchangeSegment.NSE_FNO, 55796));
        full.Ltp.Should().Be(152.3f);
        ((double)full.Ltp).Should().Be(152.3000030517578);
        full.Ltq.Should().Be(75);
    }

    [Test]
    public void Decode_RealWireFirst14BytesAlone_ReportsLengthBeyondFrame()
    {
        var (handler, result) = RecordingPacketHandler.Decode(ProtocolTestVectors.RealWireFirst14Bytes());

        handler.Events.Should().Equal(new RecordedMalformed(DecodeError.LengthBeyondFrame, 0, 14));
        result.Should().Be(new FrameDecodeResult(0, 1));
    }

    [Test]
    public void Decode_TwoPacketFrameTv10_DecodesPrevCloseThenTicker()
    {
        var (handler, result) = RecordingPacketHandler.Decode(ProtocolTestVectors.TwoPacketFrame);

        handler.Events.Should().Equal(ProtocolTestVectors.TwoPacketFrameExpected);
        result.Should().Be(new FrameDecodeResult(2, 0));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_TestVectorWithTrailingBytes_DecodesPacketAndReportsTheRest(ProtocolTestVector vector)
    {
        var length = vector.Bytes.Length;
        (byte[] Trailing, DecodeError Error)[] cases =
        [
            ([0x02], DecodeError.TruncatedHeader),
            ([0x08, 0xa2, 0x00, 0x02, 0xf4, 0xd9, 0x00], DecodeError.TruncatedHeader),
            ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], DecodeError.LengthBeyondFrame),
            (new byte[20], DecodeError.LengthTooSmall),
            (vector.Bytes[..^1], length - 1 < PacketHeader.Size ? DecodeError.TruncatedHeader : DecodeError.LengthBeyondFrame),
        ];

        foreach (var (trailing, error) in cases)
        {
            var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(vector.Bytes, trailing));

            handler.Events.Should().Equal(Expected(vector, 0), new RecordedMalformed(error, length, trailing.Length));
            result.Should().Be(new FrameDecodeResult(1, 1));
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_TestVectorCutAtEveryOffset_ReportsShortAndDecodesNothingFromIt(ProtocolTestVector vector)
    {
        var length = vector.Bytes.Length;
        for (var cut = 1; cut < length; cut++)
        {
            var error = cut < PacketHeader.Size ? DecodeError.TruncatedHeader : DecodeError.LengthBeyondFrame;

            var (alone, aloneResult) = RecordingPacketHandler.Decode(vector.Bytes[..cut]);
            alone.Events.Should().Equal([new RecordedMalformed(error, 0, cut)], "cut at {0}", cut);
            aloneResult.Should().Be(new FrameDecodeResult(0, 1));

            var (afterWhole, afterWholeResult) = RecordingPacketHandler.Decode(PacketBuilder.Frame(vector.Bytes, vector.Bytes[..cut]));
            afterWhole.Events.Should().Equal([Expected(vector, 0), new RecordedMalformed(error, length, cut)], "cut at {0} after a whole packet", cut);
            afterWholeResult.Should().Be(new FrameDecodeResult(1, 1));
        }
    }

    [Test]
    public void Decode_EmptyFrame_ReportsNothing()
    {
        var (handler, result) = RecordingPacketHandler.Decode([]);

        handler.Events.Should().BeEmpty();
        result.Should().Be(new FrameDecodeResult(0, 0));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_TwoAndThreeCopiesInOneFrame_DecodesEachCopy(ProtocolTestVector vector)
    {
        foreach (var copies in new[] { 2, 3 })
        {
            var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Repeat(vector.Bytes, copies));

            handler.Events.Should().Equal(Enumerable.Range(0, copies).Select(i => Expected(vector, i * vector.Bytes.Length)));
            result.Should().Be(new FrameDecodeResult(copies, 0));
        }
    }

    [Test]
    public void Decode_EveryVectorInOneFrame_DecodesEachInOrder()
    {
        var frame = PacketBuilder.Frame([.. ProtocolTestVectors.All.Select(v => v.Bytes), ProtocolTestVectors.TwoPacketFrame]);
        var expected = new List<object>();
        var offset = 0;
        foreach (var vector in ProtocolTestVectors.All)
        {
            expected.Add(Expected(vector, offset));
            offset += vector.Bytes.Length;
        }

        expected.AddRange(ProtocolTestVectors.TwoPacketFrameExpected);

        var (handler, result) = RecordingPacketHandler.Decode(frame);

        handler.Events.Should().Equal(expected);
        result.Should().Be(new FrameDecodeResult(expected.Count, 0));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_UnknownCodeBetweenTwoKnownPackets_SkipsItByLengthAndDecodesBoth(ProtocolTestVector vector)
    {
        var length = vector.Bytes.Length;
        foreach (var unknown in new[] { PacketBuilder.Raw(99, 13, 1, 1333, 0xab), PacketBuilder.Raw(41, 332, 2, 55795), PacketBuilder.Raw(255, 8) })
        {
            var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(vector.Bytes, unknown, vector.Bytes));

            handler.Events.Should().Equal(
                Expected(vector, 0),
                new RecordedMalformed(DecodeError.UnknownCode, length, unknown.Length),
                Expected(vector, length + unknown.Length));
            result.Should().Be(new FrameDecodeResult(2, 1));
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_LengthFieldZero_ReportsLengthTooSmallAndDropsTheRestOfTheFrame(ProtocolTestVector vector)
    {
        var length = vector.Bytes.Length;
        var zero = PacketBuilder.WithLength(vector.Bytes, 0);

        var (alone, aloneResult) = RecordingPacketHandler.Decode(zero);
        var (between, betweenResult) = RecordingPacketHandler.Decode(PacketBuilder.Frame(vector.Bytes, zero, vector.Bytes));

        alone.Events.Should().Equal(new RecordedMalformed(DecodeError.LengthTooSmall, 0, length));
        aloneResult.Should().Be(new FrameDecodeResult(0, 1));
        between.Events.Should().Equal(Expected(vector, 0), new RecordedMalformed(DecodeError.LengthTooSmall, length, 2 * length));
        betweenResult.Should().Be(new FrameDecodeResult(1, 1));
    }

    [TestCase(1)]
    [TestCase(7)]
    public void Decode_LengthFieldBelowHeaderSize_ReportsLengthTooSmall(int declared)
    {
        var packet = PacketBuilder.WithLength(ProtocolTestVectors.Ticker.Bytes, (ushort)declared);

        var (handler, _) = RecordingPacketHandler.Decode(packet);

        handler.Events.Should().Equal(new RecordedMalformed(DecodeError.LengthTooSmall, 0, packet.Length));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Decode_LengthFieldLargerThanFrame_ReportsLengthBeyondFrameAndDecodesNothing(ProtocolTestVector vector)
    {
        var length = vector.Bytes.Length;
        foreach (var declared in new[] { length + 1, ushort.MaxValue })
        {
            var packet = PacketBuilder.WithLength(vector.Bytes, (ushort)declared);

            var (alone, _) = RecordingPacketHandler.Decode(packet);
            var (afterWhole, afterWholeResult) = RecordingPacketHandler.Decode(PacketBuilder.Frame(vector.Bytes, packet));

            alone.Events.Should().Equal(new RecordedMalformed(DecodeError.LengthBeyondFrame, 0, length));
            afterWhole.Events.Should().Equal(Expected(vector, 0), new RecordedMalformed(DecodeError.LengthBeyondFrame, length, length));
            afterWholeResult.Should().Be(new FrameDecodeResult(1, 1));
        }
    }

    [TestCase(FeedResponseCode.Ticker, TickerPacket.Size)]
    [TestCase(FeedResponseCode.Quote, QuotePacket.Size)]
    [TestCase(FeedResponseCode.OpenInterest, OiPacket.Size)]
    [TestCase(FeedResponseCode.PrevClose, PrevClosePacket.Size)]
    [TestCase(FeedResponseCode.Full, FullPacket.Size)]
    [TestCase(FeedResponseCode.Disconnect, DisconnectPacket.Size)]
    public void Decode_KnownCodeShorterThanItsLayout_ReportsPacketTooShortAndGoesOn(FeedResponseCode code, int size)
    {
        foreach (var shortSize in new[] { PacketHeader.Size, size - 1 })
        {
            var tooShort = PacketBuilder.Raw((byte)code, shortSize, 1, 1333, 0x11);
            var ticker = ProtocolTestVectors.Ticker;

            var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(tooShort, ticker.Bytes));

            handler.Events.Should().Equal(new RecordedMalformed(DecodeError.PacketTooShort, 0, shortSize), ticker.Expected);
            result.Should().Be(new FrameDecodeResult(1, 1));
        }
    }

    [Test]
    public void Decode_PacketLongerThanItsLayout_DecodesTheLayoutAndSkipsTheExtraBytes()
    {
        var ticker = ProtocolTestVectors.Ticker;
        var longer = PacketBuilder.WithLength(PacketBuilder.Frame(ticker.Bytes, [0xde, 0xad, 0xbe, 0xef]), TickerPacket.Size + 4);

        var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(longer, ticker.Bytes));

        handler.Events.Should().Equal(ticker.Expected, ticker.Expected);
        result.Should().Be(new FrameDecodeResult(2, 0));
    }

    [TestCase((byte)6)]
    [TestCase((byte)9)]
    [TestCase((byte)255)]
    public void Decode_DataPacketWithUndefinedSegment_ReportsUnknownSegmentAndGoesOn(byte segment)
    {
        foreach (var vector in new[] { ProtocolTestVectors.Ticker, ProtocolTestVectors.Quote, ProtocolTestVectors.OpenInterest, ProtocolTestVectors.PrevClose, ProtocolTestVectors.Full })
        {
            var bad = PacketBuilder.WithSegment(vector.Bytes, segment);

            var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(bad, vector.Bytes));

            handler.Events.Should().Equal(new RecordedMalformed(DecodeError.UnknownSegment, 0, bad.Length), vector.Expected);
            result.Should().Be(new FrameDecodeResult(1, 1));
        }
    }

    [Test]
    public void Decode_DisconnectWithAnySegment_IsDecodedBecauseItIsConnectionLevel()
    {
        var disconnect = PacketBuilder.WithSegment(ProtocolTestVectors.Disconnect.Bytes, 6);

        var (handler, _) = RecordingPacketHandler.Decode(disconnect);

        handler.Events.Should().Equal(new DisconnectPacket(805));
    }

    [TestCase(FeedResponseCode.None, 8)]
    [TestCase(FeedResponseCode.Index, 20)]
    [TestCase(FeedResponseCode.MarketDepthV1, 112)]
    [TestCase(FeedResponseCode.MarketStatus, 8)]
    public void Decode_WellFramedPacketWithNothingToDecode_IsHandedOverRaw(FeedResponseCode code, int size)
    {
        var raw = PacketBuilder.Raw((byte)code, size, 0, 13, 0x5a);
        var ticker = ProtocolTestVectors.Ticker;

        var (handler, result) = RecordingPacketHandler.Decode(PacketBuilder.Frame(raw, ticker.Bytes));

        handler.Events.Should().Equal(new RecordedOther(new PacketHeader(code, (ushort)size, 0, 13), 0, size), ticker.Expected);
        result.Should().Be(new FrameDecodeResult(2, 0));
    }

    [Test]
    public void Decode_CodeZeroWithLengthZero_StopsTheFrame()
    {
        var frame = PacketBuilder.Frame(ProtocolTestVectors.Ticker.Bytes, new byte[8], ProtocolTestVectors.Ticker.Bytes);

        var (handler, result) = RecordingPacketHandler.Decode(frame);

        handler.Events.Should().Equal(ProtocolTestVectors.Ticker.Expected, new RecordedMalformed(DecodeError.LengthTooSmall, 16, 24));
        result.Should().Be(new FrameDecodeResult(1, 1));
    }

    [Test]
    public void Decode_PacketsBuiltFromValues_RoundTripEveryType()
    {
        var quote = new QuotePacket(Reliance, 1.5f, 65535, uint.MaxValue, 2.5f, 4_000_000_000, 7, 8, 9.25f, 10.5f, 11.75f, 0.05f);
        var frame = PacketBuilder.Frame(
            PacketBuilder.Ticker(Reliance, 2950.05f, 1),
            PacketBuilder.Bytes(quote),
            PacketBuilder.OpenInterest(Reliance, uint.MaxValue),
            PacketBuilder.PrevClose(Reliance, 2900.1f, 3),
            PacketBuilder.Disconnect(ushort.MaxValue),
            PacketBuilder.MarketStatus());

        var (handler, _) = RecordingPacketHandler.Decode(frame);

        handler.Events.Should().Equal(
            new TickerPacket(Reliance, 2950.05f, 1),
            quote,
            new OiPacket(Reliance, uint.MaxValue),
            new PrevClosePacket(Reliance, 2900.1f, 3),
            new DisconnectPacket(ushort.MaxValue),
            new RecordedOther(new PacketHeader(FeedResponseCode.MarketStatus, 8, 0, 0), 104, 8));
    }

    private static object Expected(ProtocolTestVector vector, int offset) =>
        vector.Expected is PacketHeader header ? new RecordedOther(header, offset, vector.Bytes.Length) : vector.Expected;

    private static byte[] HeaderBytes(PacketHeader header)
    {
        var bytes = new byte[PacketHeader.Size];
        header.Write(bytes);
        return bytes;
    }
}
