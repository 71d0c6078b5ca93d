using Relay.Core.Contracts;

namespace Relay.Client;

/// <summary>
/// One update from the relay for one instrument, as <see cref="RelayClient.StreamAsync"/> yields it: the kind and the
/// message, plus the fields every kind carries.
/// </summary>
public sealed class MarketUpdate
{
    private MarketUpdate(InstrumentKey instrument, MarketMessageKind kind, double ltp, long ltt, long receivedAt)
    {
        Instrument = instrument;
        Kind = kind;
        Ltp = ltp;
        Ltt = ltt;
        ReceivedAt = receivedAt;
    }

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get; }

    /// <summary>Which message this is; exactly the matching property (<see cref="Tick"/>, <see cref="Quote"/> or <see cref="Full"/>) is set.</summary>
    public MarketMessageKind Kind { get; }

    /// <summary>Last traded price.</summary>
    public double Ltp { get; }

    /// <summary>Last trade time, epoch seconds exactly as DhanHQ sent it.</summary>
    public long Ltt { get; }

    /// <summary>
    /// When the relay received the packet, Unix milliseconds (UTC); 0 for a <see cref="MarketMessageKind.Tick"/>
    /// (the compact Tick does not carry it, only Quote and Full do).
    /// </summary>
    public long ReceivedAt { get; }

    /// <summary>The message when <see cref="Kind"/> is <see cref="MarketMessageKind.Tick"/>; otherwise <c>null</c>.</summary>
    public TickMessage? Tick { get; private init; }

    /// <summary>The message when <see cref="Kind"/> is <see cref="MarketMessageKind.Quote"/>; otherwise <c>null</c>.</summary>
    public QuoteMessage? Quote { get; private init; }

    /// <summary>The message when <see cref="Kind"/> is <see cref="MarketMessageKind.Full"/> or <see cref="MarketMessageKind.Snapshot"/>; otherwise <c>null</c>.</summary>
    public FullMessage? Full { get; private init; }

    /// <inheritdoc />
    public override string ToString() => $"{Instrument} {Kind} ltp={Ltp} ltt={Ltt}";

    internal static MarketUpdate From(InstrumentKey instrument, TickMessage message) =>
        new(instrument, MarketMessageKind.Tick, message.Ltp, message.Ltt, receivedAt: 0) { Tick = message };

    internal static MarketUpdate From(InstrumentKey instrument, QuoteMessage message) =>
        new(instrument, MarketMessageKind.Quote, message.Ltp, message.Ltt, message.ReceivedAt) { Quote = message };

    internal static MarketUpdate From(InstrumentKey instrument, FullMessage message, bool snapshot = false) =>
        new(instrument, snapshot ? MarketMessageKind.Snapshot : MarketMessageKind.Full, message.Ltp, message.Ltt, message.ReceivedAt) { Full = message };
}
