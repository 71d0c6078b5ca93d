using System.Runtime.CompilerServices;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Protocol;

internal sealed class PacketLayoutTests
{
    [Test]
    public void SizeOf_EveryPacketStruct_IsItsWireSize()
    {
        Unsafe.SizeOf<PacketHeader>().Should().Be(PacketHeader.Size).And.Be(8);
        Unsafe.SizeOf<TickerPacket>().Should().Be(TickerPacket.Size).And.Be(16);
        Unsafe.SizeOf<PrevClosePacket>().Should().Be(PrevClosePacket.Size).And.Be(16);
        Unsafe.SizeOf<QuotePacket>().Should().Be(QuotePacket.Size).And.Be(50);
        Unsafe.SizeOf<OiPacket>().Should().Be(OiPacket.Size).And.Be(12);
        Unsafe.SizeOf<DisconnectPacket>().Should().Be(DisconnectPacket.Size).And.Be(10);
        Unsafe.SizeOf<DepthLevel>().Should().Be(DepthLevel.Size).And.Be(20);
        Unsafe.SizeOf<Depth5>().Should().Be(5 * DepthLevel.Size);
        Unsafe.SizeOf<FullPacket>().Should().Be(FullPacket.Size).And.Be(162);
    }

    [Test]
    public void Read_TestVectors_CopiesTheSameValuesTheDecoderHandsOut()
    {
        TickerPacket.Read(ProtocolTestVectors.Ticker.Bytes).Should().Be(ProtocolTestVectors.Ticker.Expected);
        PrevClosePacket.Read(ProtocolTestVectors.PrevClose.Bytes).Should().Be(ProtocolTestVectors.PrevClose.Expected);
        QuotePacket.Read(ProtocolTestVectors.Quote.Bytes).Should().Be(ProtocolTestVectors.Quote.Expected);
        OiPacket.Read(ProtocolTestVectors.OpenInterest.Bytes).Should().Be(ProtocolTestVectors.OpenInterest.Expected);
        FullPacket.Read(ProtocolTestVectors.Full.Bytes).Should().Be(ProtocolTestVectors.Full.Expected);
        DisconnectPacket.Read(ProtocolTestVectors.Disconnect.Bytes).Should().Be(ProtocolTestVectors.Disconnect.Expected);
        PacketHeader.Read(ProtocolTestVectors.MarketStatus.Bytes).Should().Be(ProtocolTestVectors.MarketStatus.Expected);
    }

    [Test]
    public void Header_DecodedFull_ExposesTheWireHeader()
    {
        var full = FullPacket.Read(ProtocolTestVectors.Full.Bytes);

        full.Header.Should().Be(new PacketHeader(FeedResponseCode.Full, 162, 2, 55795));
        full.Header.TryGetInstrument(out var instrument).Should().BeTrue();
        instrument.Should().Be(full.Instrument);
    }

    [Test]
    public void With_ChangedField_ChangesOnlyThatField()
    {
        var ticker = (TickerPacket)ProtocolTestVectors.Ticker.Expected;

        var moved = ticker with { Ltp = 1650.5f, Instrument = new InstrumentKey(ExchangeSegment.BSE_EQ, 500325) };

        moved.Should().Be(new TickerPacket(new InstrumentKey(ExchangeSegment.BSE_EQ, 500325), 1650.5f, ticker.Ltt));
        PacketBuilder.ToHex(PacketBuilder.Bytes(moved)).Should().Be("0210000465a207000050ce44b75c8368");
    }

    [Test]
    public void Write_PacketReadFromALongerPacket_WritesItsOwnSize()
    {
        var longer = PacketBuilder.WithLength(PacketBuilder.Frame(ProtocolTestVectors.Ticker.Bytes, new byte[4]), 20);
        var ticker = TickerPacket.Read(longer);

        ticker.Header.Length.Should().Be(20);
        PacketBuilder.ToHex(PacketBuilder.Bytes(ticker)).Should().Be(PacketBuilder.ToHex(ProtocolTestVectors.Ticker.Bytes));
    }
}
