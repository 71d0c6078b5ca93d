using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

/// <summary>
/// Records every callback in order: decoded packets as their boxed values, <see cref="RecordedOther"/> and
/// <see cref="RecordedMalformed"/>. It also checks that every span it is handed is a slice of the frame.
/// </summary>
internal sealed class RecordingPacketHandler(byte[] frame) : IPacketHandler
{
    private readonly byte[] _frame = frame;

    public List<object> Events { get; } = [];

    /// <summary>Decodes <paramref name="frame"/> and returns the handler with its events.</summary>
    public static (RecordingPacketHandler Handler, FrameDecodeResult Result) Decode(byte[] frame)
    {
        var handler = new RecordingPacketHandler(frame);
        var result = PacketDecoder.Decode(frame, ref handler);
        return (handler, result);
    }

    public void OnTicker(in TickerPacket packet) => Events.Add(packet);

    public void OnQuote(in QuotePacket packet) => Events.Add(packet);

    public void OnOpenInterest(in OiPacket packet) => Events.Add(packet);

    public void OnPrevClose(in PrevClosePacket packet) => Events.Add(packet);

    public void OnFull(in FullPacket packet) => Events.Add(packet);

    public void OnDisconnect(in DisconnectPacket packet) => Events.Add(packet);

    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet) => Events.Add(new RecordedOther(header, OffsetOf(packet), packet.Length));

    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
        OffsetOf(skipped).Should().Be(offset, "the reported offset is where the skipped bytes start in the frame");
        Events.Add(new RecordedMalformed(error, offset, skipped.Length));
    }

    private int OffsetOf(ReadOnlySpan<byte> slice)
    {
        if (slice.IsEmpty)
        {
            Assert.Fail("the decoder reported an empty span");
        }

        ((ReadOnlySpan<byte>)_frame).Overlaps(slice, out var offset).Should().BeTrue("a reported span must be a slice of the frame");
        (offset + slice.Length).Should().BeLessThanOrEqualTo(_frame.Length);
        return offset;
    }
}
