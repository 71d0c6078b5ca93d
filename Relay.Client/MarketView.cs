using Relay.Core.Contracts;

namespace Relay.Client;

/// <summary>
/// The client's last known view of one instrument, merged from every Tick, Quote, Full and snapshot it received
/// (see <see cref="RelayClient.Last"/>). Immutable: a newer update replaces the whole view.
/// </summary>
/// <remarks>
/// A tick updates <see cref="Ltp"/> and <see cref="Ltt"/> and keeps the other fields; a quote also replaces the
/// quote fields and <see cref="ReceivedAt"/> and keeps the depth; a full update or snapshot replaces everything.
/// <see cref="Detail"/> says which fields have ever been filled; the others are 0 or empty.
/// An update older than the view is ignored: one whose trade time (<see cref="Ltt"/>) is earlier, or a quote,
/// full update or snapshot whose <see cref="ReceivedAt"/> is earlier (a tick carries no receive time).
/// </remarks>
public sealed record MarketView
{
    /// <summary>The instrument.</summary>
    public required InstrumentKey Instrument { get; init; }

    /// <summary>The richest message kind merged so far: <see cref="FeedMode.Ticker"/> means only the price, time and receive time are known.</summary>
    public FeedMode Detail { get; init; }

    /// <summary>The kind of the message that last changed this view.</summary>
    public MarketMessageKind LastKind { get; init; }

    /// <summary>Last traded price.</summary>
    public double Ltp { get; init; }

    /// <summary>Last trade time, epoch seconds exactly as DhanHQ sent it.</summary>
    public long Ltt { get; init; }

    /// <summary>
    /// When the relay received the newest merged Quote, Full or snapshot packet, Unix milliseconds (UTC); 0 while
    /// only ticks were merged (a tick does not carry it).
    /// </summary>
    public long ReceivedAt { get; init; }

    /// <summary>Last traded quantity (Quote detail).</summary>
    public int Ltq { get; init; }

    /// <summary>Average traded price (Quote detail).</summary>
    public double Atp { get; init; }

    /// <summary>Day volume (Quote detail).</summary>
    public long Volume { get; init; }

    /// <summary>Total pending buy quantity (Quote detail).</summary>
    public long TotalBuyQuantity { get; init; }

    /// <summary>Total pending sell quantity (Quote detail).</summary>
    public long TotalSellQuantity { get; init; }

    /// <summary>Day open (Quote detail).</summary>
    public double Open { get; init; }

    /// <summary>Day high (Quote detail).</summary>
    public double High { get; init; }

    /// <summary>Day low (Quote detail).</summary>
    public double Low { get; init; }

    /// <summary>Day close field as DhanHQ sends it (Quote detail).</summary>
    public double Close { get; init; }

    /// <summary>Open interest (Quote detail; derivatives only).</summary>
    public long Oi { get; init; }

    /// <summary>Previous day's close, 0 until known (Quote detail).</summary>
    public double PrevClose { get; init; }

    /// <summary>Day's highest OI (Full detail).</summary>
    public long OiDayHigh { get; init; }

    /// <summary>Day's lowest OI (Full detail).</summary>
    public long OiDayLow { get; init; }

    /// <summary>Five depth levels, best first (Full detail); empty when unknown.</summary>
    public IReadOnlyList<DepthLevelMessage> Depth { get; init; } = [];

    /// <summary>Merges <paramref name="update"/> into <paramref name="current"/>; an update older than the view is ignored.</summary>
    internal static MarketView Merge(MarketView? current, MarketUpdate update)
    {
        if (current is not null && IsOlder(update, current))
        {
            return current;
        }

        var basis = current ?? new MarketView { Instrument = update.Instrument };
        return update.Kind switch
        {
            MarketMessageKind.Tick => basis with
            {
                LastKind = update.Kind,
                Detail = basis.Detail == 0 ? FeedMode.Ticker : basis.Detail,
                Ltp = update.Ltp,
                Ltt = update.Ltt,
            },
            MarketMessageKind.Quote => WithQuote(basis, update.Quote!),
            _ => WithFull(basis, update.Full!, update.Kind),
        };
    }

    // Trade time first: every kind carries it (0 = no trade yet, never "older"). Receive time only where the update
    // has one: a tick would otherwise always look older than a view filled by a quote or snapshot.
    private static bool IsOlder(MarketUpdate update, MarketView current) =>
        (update.Ltt > 0 && update.Ltt < current.Ltt)
        || (update.Kind != MarketMessageKind.Tick && update.ReceivedAt < current.ReceivedAt);

    private static MarketView WithQuote(MarketView basis, QuoteMessage m) => basis with
    {
        LastKind = MarketMessageKind.Quote,
        Detail = basis.Detail == FeedMode.Full ? FeedMode.Full : FeedMode.Quote,
        Ltp = m.Ltp,
        Ltt = m.Ltt,
        ReceivedAt = m.ReceivedAt,
        Ltq = m.Ltq,
        Atp = m.Atp,
        Volume = m.Volume,
        TotalBuyQuantity = m.TotalBuyQuantity,
        TotalSellQuantity = m.TotalSellQuantity,
        Open = m.Open,
        High = m.High,
        Low = m.Low,
        Close = m.Close,
        Oi = m.Oi,
        PrevClose = m.PrevClose,
    };

    private static MarketView WithFull(MarketView basis, FullMessage m, MarketMessageKind kind) => basis with
    {
        LastKind = kind,
        Detail = FeedMode.Full,
        Ltp = m.Ltp,
        Ltt = m.Ltt,
        ReceivedAt = m.ReceivedAt,
        Ltq = m.Ltq,
        Atp = m.Atp,
        Volume = m.Volume,
        TotalBuyQuantity = m.TotalBuyQuantity,
        TotalSellQuantity = m.TotalSellQuantity,
        Open = m.Open,
        High = m.High,
        Low = m.Low,
        Close = m.Close,
        Oi = m.Oi,
        PrevClose = m.PrevClose,
        OiDayHigh = m.OiDayHigh,
        OiDayLow = m.OiDayLow,
        Depth = m.Depth ?? [],
    };
}
