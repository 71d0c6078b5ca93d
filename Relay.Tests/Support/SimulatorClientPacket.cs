using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>One packet a <see cref="SimulatorClient"/> decoded.</summary>
/// <param name="Code">The response code.</param>
/// <param name="Instrument">The instrument (default for disconnect and other connection-level packets).</param>
/// <param name="Packet">The decoded packet: <see cref="TickerPacket"/>, <see cref="QuotePacket"/>, <see cref="OiPacket"/>,
/// <see cref="PrevClosePacket"/>, <see cref="FullPacket"/>, <see cref="DisconnectPacket"/>, or the raw bytes for others.</param>
/// <param name="Frame">0-based index of the binary frame it came in.</param>
/// <param name="PacketsInFrame">How many packets that frame held.</param>
/// <param name="ReceivedAt">When the frame was read (system clock).</param>
internal sealed record SimulatorClientPacket(
    FeedResponseCode Code,
    InstrumentKey Instrument,
    object Packet,
    int Frame,
    int PacketsInFrame,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The LTP for ticker, quote and full packets; null otherwise.</summary>
    public float? Ltp => Packet switch
    {
        TickerPacket t => t.Ltp,
        QuotePacket q => q.Ltp,
        FullPacket f => f.Ltp,
        _ => null,
    };

    /// <summary>The LTT for ticker, quote and full packets; null otherwise.</summary>
    public uint? Ltt => Packet switch
    {
        TickerPacket t => t.Ltt,
        QuotePacket q => q.Ltt,
        FullPacket f => f.Ltt,
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Code} {Instrument} frame {Frame}";
}
