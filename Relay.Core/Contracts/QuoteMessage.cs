namespace Relay.Core.Contracts;

/// <summary>Quote-mode update, sent through the <c>Quote</c> callback: ticker fields plus quantities, OHLC and OI.</summary>
public sealed class QuoteMessage
{
    /// <summary>Segment name, e.g. <c>NSE_EQ</c>.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id as a string.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Last traded price.</summary>
    public double Ltp { get; init; }

    /// <summary>Last trade time, epoch seconds as DhanHQ sent it.</summary>
    public long Ltt { get; init; }

    /// <summary>When Relay received the packet, Unix milliseconds (UTC).</summary>
    public long ReceivedAt { get; init; }

    /// <summary>Last traded quantity.</summary>
    public int Ltq { get; init; }

    /// <summary>Average traded price.</summary>
    public double Atp { get; init; }

    /// <summary>Day volume.</summary>
    public long Volume { get; init; }

    /// <summary>Total pending buy quantity.</summary>
    public long TotalBuyQuantity { get; init; }

    /// <summary>Total pending sell quantity.</summary>
    public long TotalSellQuantity { get; init; }

    /// <summary>Day open.</summary>
    public double Open { get; init; }

    /// <summary>Day high.</summary>
    public double High { get; init; }

    /// <summary>Day low.</summary>
    public double Low { get; init; }

    /// <summary>Day close field as DhanHQ sends it (see protocol §8 #5).</summary>
    public double Close { get; init; }

    /// <summary>Open interest (derivatives; 0 otherwise).</summary>
    public long Oi { get; init; }

    /// <summary>Previous day's close, 0 until known.</summary>
    public double PrevClose { get; init; }
}
