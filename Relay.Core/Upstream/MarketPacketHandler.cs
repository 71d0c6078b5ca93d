using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Core.Upstream;

/// <summary>
/// The receive loop's <see cref="IPacketHandler"/>: applies each packet to the market state, then tells the
/// sink. A struct so <see cref="PacketDecoder.Decode{THandler}"/> is devirtualised; it allocates nothing.
/// Call <see cref="BeginFrame"/> before decoding each frame, then read <see cref="Counts"/> and
/// <see cref="DisconnectReason"/>.
/// </summary>
#pragma warning disable CA1815 // Not a value: a handler with references; never compared.
internal struct MarketPacketHandler : IPacketHandler
#pragma warning restore CA1815
{
    private readonly MarketStateStore _store;
    private readonly IMarketUpdateSink _sink;
    private long _receivedAt;

    /// <summary>Creates a handler writing to <paramref name="store"/> and notifying <paramref name="sink"/>.</summary>
    public MarketPacketHandler(MarketStateStore store, IMarketUpdateSink sink)
    {
        _store = store;
        _sink = sink;
        DisconnectReason = -1;
    }

    /// <summary>Packets of the current frame by type.</summary>
    public PacketCounts Counts;

    /// <summary>The reason code of a feed-disconnect packet in the current frame, or -1.</summary>
    public int DisconnectReason { get; private set; }

    /// <summary>Bytes of the first malformed report in the current frame (its error), for logging.</summary>
    public DecodeError FirstMalformed { get; private set; }

    /// <summary>Resets the per-frame results and stamps packets of the next frame with <paramref name="receivedAtUnixMs"/>.</summary>
    public void BeginFrame(long receivedAtUnixMs)
    {
        _receivedAt = receivedAtUnixMs;
        Counts = default;
        DisconnectReason = -1;
    }

    /// <inheritdoc />
    public void OnTicker(in TickerPacket packet)
    {
        _store.Apply(packet, _receivedAt);
        _sink.OnUpdated(packet.Instrument, MarketUpdateKind.Ticker);
        Counts.Ticker++;
    }

    /// <inheritdoc />
    public void OnQuote(in QuotePacket packet)
    {
        _store.Apply(packet, _receivedAt);
        _sink.OnUpdated(packet.Instrument, MarketUpdateKind.Quote);
        Counts.Quote++;
    }

    /// <inheritdoc />
    public void OnOpenInterest(in OiPacket packet)
    {
        _store.Apply(packet, _receivedAt);
        _sink.OnUpdated(packet.Instrument, MarketUpdateKind.OpenInterest);
        Counts.OpenInterest++;
    }

    /// <inheritdoc />
    public void OnPrevClose(in PrevClosePacket packet)
    {
        _store.Apply(packet, _receivedAt);
        _sink.OnUpdated(packet.Instrument, MarketUpdateKind.PrevClose);
        Counts.PrevClose++;
    }

    /// <inheritdoc />
    public void OnFull(in FullPacket packet)
    {
        _store.Apply(packet, _receivedAt);
        _sink.OnUpdated(packet.Instrument, MarketUpdateKind.Full);
        Counts.Full++;
    }

    /// <inheritdoc />
    public void OnDisconnect(in DisconnectPacket packet)
    {
        // Connection-level (protocol reference §8 #9): never routed by instrument. The first one wins.
        if (DisconnectReason < 0)
        {
            DisconnectReason = packet.ReasonCode;
        }

        Counts.Disconnect++;
    }

    /// <inheritdoc />
    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet) => Counts.Other++;

    /// <inheritdoc />
    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
        if (Counts.Malformed == 0)
        {
            FirstMalformed = error;
        }

        Counts.Malformed++;
    }
}
