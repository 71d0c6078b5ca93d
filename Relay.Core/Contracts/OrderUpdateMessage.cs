namespace Relay.Core.Contracts;

/// <summary>
/// One of the user's orders changed (placed, filled, modified, cancelled, rejected, expired); sent through the
/// <c>OrderUpdate</c> callback to that user's connections only. Field names follow DhanHQ's order book (v2).
/// </summary>
public sealed class OrderUpdateMessage
{
    /// <summary>The order id (the broker's; numeric text for the paper broker).</summary>
    public required string OrderId { get; init; }

    /// <summary>DhanHQ status: <c>TRANSIT</c>, <c>PENDING</c>, <c>TRADED</c>, <c>PART_TRADED</c>, <c>CANCELLED</c>, <c>REJECTED</c> or <c>EXPIRED</c>.</summary>
    public required string OrderStatus { get; init; }

    /// <summary><c>BUY</c> or <c>SELL</c>.</summary>
    public required string TransactionType { get; init; }

    /// <summary>Segment name, e.g. <c>NSE_EQ</c>.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id as a string.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Ordered quantity in units (lots × lot size).</summary>
    public int Quantity { get; init; }

    /// <summary>Quantity filled so far, in units.</summary>
    public int FilledQuantity { get; init; }

    /// <summary>Limit price in rupees; 0 for market orders.</summary>
    public double Price { get; init; }

    /// <summary>Trigger price in rupees for stop-loss orders; 0 otherwise.</summary>
    public double TriggerPrice { get; init; }

    /// <summary>Average fill price in rupees; 0 while nothing is filled.</summary>
    public double AveragePrice { get; init; }

    /// <summary><c>MARKET</c>, <c>LIMIT</c>, <c>STOP_LOSS</c> or <c>STOP_LOSS_MARKET</c>.</summary>
    public required string OrderType { get; init; }

    /// <summary><c>CNC</c>, <c>INTRADAY</c> or <c>MARGIN</c>.</summary>
    public required string ProductType { get; init; }

    /// <summary><c>DAY</c> or <c>IOC</c>.</summary>
    public required string Validity { get; init; }

    /// <summary>The client's correlation id, or <c>null</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>When the order was placed, Unix milliseconds (UTC).</summary>
    public long CreatedAt { get; init; }

    /// <summary>When the order last changed, Unix milliseconds (UTC).</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Why the order was rejected (or cancelled by the system), or <c>null</c>.</summary>
    public string? RejectionReason { get; init; }
}
