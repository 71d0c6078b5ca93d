using System.Globalization;
using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>One entry of DhanHQ's order book (<c>GET /orders</c>, <c>/orders/{id}</c>, <c>/orders/external/{id}</c>).</summary>
internal sealed class DhanOrder
{
    private static readonly TimeSpan Ist = TimeSpan.FromMinutes(330);

    public string? OrderId { get; set; }

    public string? CorrelationId { get; set; }

    public string? OrderStatus { get; set; }

    public string? TransactionType { get; set; }

    public string? ExchangeSegment { get; set; }

    public string? ProductType { get; set; }

    public string? OrderType { get; set; }

    public string? Validity { get; set; }

    [JsonConverter(typeof(StringOrNumberJsonConverter))]
    public string? SecurityId { get; set; }

    public long Quantity { get; set; }

    public long FilledQty { get; set; }

    public decimal Price { get; set; }

    public decimal TriggerPrice { get; set; }

    public decimal AverageTradedPrice { get; set; }

    /// <summary>IST wall-clock text, <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public string? CreateTime { get; set; }

    public string? UpdateTime { get; set; }

    public string? OmsErrorCode { get; set; }

    public string? OmsErrorDescription { get; set; }

    /// <summary>The order as Relay's API shows it.</summary>
    public OrderResponse ToResponse()
    {
        var status = TradingNames.TryParse(OrderStatus, out OrderStatus parsed) ? TradingNames.Name(parsed) : (OrderStatus ?? "").ToUpperInvariant();
        var problem = status is "REJECTED" or "CANCELLED" && !string.IsNullOrWhiteSpace(OmsErrorDescription) ? OmsErrorDescription.Trim() : null;
        return new OrderResponse
        {
            OrderId = OrderId ?? "",
            OrderStatus = status,
            TransactionType = (TransactionType ?? "").ToUpperInvariant(),
            ExchangeSegment = ExchangeSegment ?? "",
            SecurityId = SecurityId ?? "",
            Quantity = Quantity,
            FilledQuantity = FilledQty,
            Price = Money.Normalize(Price),
            TriggerPrice = Money.Normalize(TriggerPrice),
            AveragePrice = Money.Normalize(AverageTradedPrice),
            OrderType = (OrderType ?? "").ToUpperInvariant(),
            ProductType = (ProductType ?? "").ToUpperInvariant(),
            Validity = (Validity ?? "").ToUpperInvariant(),
            CorrelationId = string.IsNullOrEmpty(CorrelationId) ? null : CorrelationId,
            CreatedAt = ParseIst(CreateTime),
            UpdatedAt = ParseIst(UpdateTime) is > 0 and var updated ? updated : ParseIst(CreateTime),
            RejectionReason = problem,
        };
    }

    /// <summary>DhanHQ's IST wall-clock text to Unix milliseconds; 0 when absent or unreadable.</summary>
    internal static long ParseIst(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Ist).ToUnixTimeMilliseconds()
            : 0;
}
