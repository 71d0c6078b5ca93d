namespace Relay.Core.Contracts;

/// <summary>Full-mode update, sent through the <c>Full</c> callback: quote fields plus the OI day range and 5-level depth.</summary>
public sealed class FullMessage
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

    /// <summary>Day close field as DhanHQ sends it.</summary>
    public double Close { get; init; }

    /// <summary>Open interest.</summary>
    public long Oi { get; init; }

    /// <summary>Previous day's close, 0 until known.</summary>
    public double PrevClose { get; init; }

    /// <summary>Day's highest OI (NSE_FNO).</summary>
    public long OiDayHigh { get; init; }

    /// <summary>Day's lowest OI (NSE_FNO).</summary>
    public long OiDayLow { get; init; }

    /// <summary>Five depth levels, best first; empty when no depth is known yet.</summary>
    public IReadOnlyList<DepthLevelMessage> Depth { get; init; } = [];
}
