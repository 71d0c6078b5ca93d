namespace Relay.Server.Trading;

/// <summary>One position (instrument and product) as <c>GET /api/positions</c> returns it; rupees and units.</summary>
internal sealed record PositionResponse
{
    /// <summary>Segment name.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id text.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Product type name.</summary>
    public required string ProductType { get; init; }

    /// <summary>Bought minus sold quantity: positive long, negative short, 0 closed.</summary>
    public long NetQuantity { get; init; }

    /// <summary>Quantity bought.</summary>
    public long BuyQuantity { get; init; }

    /// <summary>Quantity sold.</summary>
    public long SellQuantity { get; init; }

    /// <summary>Average price of the open quantity (0 when closed).</summary>
    public decimal AveragePrice { get; init; }

    /// <summary>Relay's last traded price, on the tick grid; 0 when none is known.</summary>
    public decimal Ltp { get; init; }

    /// <summary>Profit or loss booked by closing trades.</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary>The open quantity marked to <see cref="Ltp"/> (0 when no price is known).</summary>
    public decimal UnrealizedPnl { get; init; }
}
