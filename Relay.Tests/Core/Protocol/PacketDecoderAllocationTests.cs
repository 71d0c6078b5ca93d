using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Protocol;

internal sealed class PacketDecoderAllocationTests
{
    [Test]
    public void Decode_ManyFramesWithAStructHandler_AllocatesNothing()
    {
        var vectors = ProtocolTestVectors.All.Select(v => v.Bytes).ToArray();
        byte[][] frames =
        [
            .. vectors,
            PacketBuilder.Frame(vectors),
            PacketBuilder.Repeat(ProtocolTestVectors.Ticker.Bytes, 50),
            PacketBuilder.Repeat(ProtocolTestVectors.Full.Bytes, 10),
            PacketBuilder.Frame(ProtocolTestVectors.Ticker.Bytes, PacketBuilder.Raw(99, 20), ProtocolTestVectors.Quote.Bytes[..30]),
            PacketBuilder.Frame(PacketBuilder.WithSegment(ProtocolTestVectors.Full.Bytes, 6), PacketBuilder.WithLength(ProtocolTestVectors.Ticker.Bytes, 0)),
        ];
        var handler = default(SummingPacketHandler);
        Decode(frames, ref handler, 1_000);

        var (allocated, _) = AllocationMeter.Least(() =>
        {
            handler = default;
            Decode(frames, ref handler, 20_000);
        });

        allocated.Should().Be(0);
        handler.Packets.Should().Be(20_000L * (vectors.Length + vectors.Length + 50 + 10 + 1 + 0));
        handler.Malformed.Should().Be(20_000L * 4);
    }

    private static void Decode(byte[][] frames, ref SummingPacketHandler handler, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var frame in frames)
            {
                PacketDecoder.Decode(frame, ref handler);
            }
        }
    }
}
