using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;
using Relay.Core.Upstream;
using Relay.Tests.Support;
using static Relay.Tests.Support.UpstreamTestFrames;

namespace Relay.Tests.Core.Upstream;

internal sealed class MarketPacketHandlerTests
{
    private static readonly InstrumentKey Instrument = new(ExchangeSegment.NSE_FNO, 55796);

    [Test]
    public void Decode_FrameOfEveryKind_CountsByTypeAndRecordsDisconnect()
    {
        var store = new MarketStateStore();
        var handler = new MarketPacketHandler(store, new CountingSink());
        var disconnect = new byte[DisconnectPacket.Size];
        new DisconnectPacket(805).Write(disconnect);
        var frame = Frame(Ticker(Instrument, 1f, 1), Quote(Instrument, 2f), OpenInterest(Instrument, 3), PrevClose(Instrument, 4f), Full(Instrument, 5f), MarketStatus(), UnknownCode(), disconnect);

        handler.BeginFrame(42);
        PacketDecoder.Decode(frame, ref handler);

        var c = handler.Counts;
        (c.Ticker, c.Quote, c.OpenInterest, c.PrevClose, c.Full, c.Other, c.Malformed, c.Disconnect).Should().Be((1, 1, 1, 1, 1, 1, 1, 1));
        handler.DisconnectReason.Should().Be(805);
        handler.FirstMalformed.Should().Be(DecodeError.UnknownCode);
        store.TryGet(Instrument, out var s).Should().BeTrue();
        s.ReceivedAt.Should().Be(42);

        handler.BeginFrame(43);
        handler.DisconnectReason.Should().Be(-1);
        handler.Counts.Packets.Should().Be(0);
    }

    [Test]
    public void Decode_AfterWarmUp_AllocatesNothingPerFrame()
    {
        var store = new MarketStateStore();
        var sink = new CountingSink();
        var counters = new UpstreamCounters(TimeProvider.System);
        var handler = new MarketPacketHandler(store, sink);
        var frame = Frame(Ticker(Instrument, 1f, 1), Quote(Instrument, 2f), OpenInterest(Instrument, 3), PrevClose(Instrument, 4f), Full(Instrument, 5f), MarketStatus(), Garbage());
        handler.BeginFrame(1);
        PacketDecoder.Decode(frame, ref handler);
        counters.AddFrame(handler.Counts, 1);

        var (allocated, windows) = AllocationMeter.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                handler.BeginFrame(i);
                PacketDecoder.Decode(frame, ref handler);
                counters.AddFrame(handler.Counts, i);
            }
        });
        counters.Dispose();

        allocated.Should().Be(0);
        sink.Count.Should().Be(5 + (windows * 50_000));
    }

    private sealed class CountingSink : IMarketUpdateSink
    {
        public int Count { get; private set; }

        public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind) => Count++;
    }
}
