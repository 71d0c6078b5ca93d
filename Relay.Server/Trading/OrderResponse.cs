using System.Text.Json.Serialization;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>One order as the orders API returns it (DhanHQ v2 order-book names; prices in rupees).</summary>
internal sealed record OrderResponse
{
    /// <summary>The broker's order id.</summary>
    public required string OrderId { get; init; }

    /// <summary>DhanHQ status name.</summary>
    public required string OrderStatus { get; init; }

    /// <summary><c>BUY</c> or <c>SELL</c>.</summary>
    public required string TransactionType { get; init; }

    /// <summary>Segment name.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id text.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Ordered quantity, units.</summary>
    public long Quantity { get; init; }

    /// <summary>Filled quantity, units.</summary>
    public long FilledQuantity { get; init; }

    /// <summary>Limit price; 0 for market orders.</summary>
    public decimal Price { get; init; }

    /// <summary>Trigger price; 0 when not a stop-loss order.</summary>
    public decimal TriggerPrice { get; init; }

    /// <summary>Average fill price; 0 while unfilled.</summary>
    public decimal AveragePrice { get; init; }

    /// <summary>Order type name.</summary>
    public required string OrderType { get; init; }

    /// <summary>Product type name.</summary>
    public required string ProductType { get; init; }

    /// <summary>Validity name.</summary>
    public required string Validity { get; init; }

    /// <summary>The client's correlation id, or <c>null</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Placed at, Unix milliseconds UTC.</summary>
    public long CreatedAt { get; init; }

    /// <summary>Last changed at, Unix milliseconds UTC.</summary>
    public long UpdatedAt { get; init; }

    /// <summary>Why it was rejected or cancelled by the broker; omitted when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RejectionReason { get; init; }

    /// <summary>The hub message for this order (what <see cref="IOrderUpdatePublisher"/> implementations send).</summary>
    public OrderUpdateMessage ToMessage() => new()
    {
        OrderId = OrderId,
        OrderStatus = OrderStatus,
        TransactionType = TransactionType,
        ExchangeSegment = ExchangeSegment,
        SecurityId = SecurityId,
        Quantity = (int)Math.Clamp(Quantity, 0, int.MaxValue),
        FilledQuantity = (int)Math.Clamp(FilledQuantity, 0, int.MaxValue),
        Price = (double)Price,
        TriggerPrice = (double)TriggerPrice,
        AveragePrice = (double)AveragePrice,
        OrderType = OrderType,
        ProductType = ProductType,
        Validity = Validity,
        CorrelationId = CorrelationId,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        RejectionReason = RejectionReason,
    };
}
