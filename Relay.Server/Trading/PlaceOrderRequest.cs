using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>
/// <c>POST /api/orders</c> body; field names are DhanHQ v2's. Text fields are validated by
/// <see cref="OrderValidator"/> so that a wrong value is a clear problem detail, not a JSON error.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed class PlaceOrderRequest
{
    /// <summary><c>BUY</c> or <c>SELL</c>.</summary>
    public string? TransactionType { get; set; }

    /// <summary>DhanHQ segment name, e.g. <c>NSE_EQ</c>.</summary>
    public string? ExchangeSegment { get; set; }

    /// <summary>Security id (string or number).</summary>
    [JsonConverter(typeof(StringOrNumberJsonConverter))]
    public string? SecurityId { get; set; }

    /// <summary>Quantity in units (a multiple of the lot size).</summary>
    public long? Quantity { get; set; }

    /// <summary><c>MARKET</c>, <c>LIMIT</c>, <c>STOP_LOSS</c> or <c>STOP_LOSS_MARKET</c>.</summary>
    public string? OrderType { get; set; }

    /// <summary>Limit price in rupees: required for LIMIT and STOP_LOSS, ignored for MARKET and STOP_LOSS_MARKET.</summary>
    public decimal? Price { get; set; }

    /// <summary>Trigger price in rupees: required for STOP_LOSS and STOP_LOSS_MARKET, ignored otherwise.</summary>
    public decimal? TriggerPrice { get; set; }

    /// <summary><c>CNC</c>, <c>INTRADAY</c> or <c>MARGIN</c>.</summary>
    public string? ProductType { get; set; }

    /// <summary><c>DAY</c> (default) or <c>IOC</c>.</summary>
    public string? Validity { get; set; }

    /// <summary>The client's own id for the order, up to 25 letters, digits, spaces, <c>-</c> or <c>_</c>.</summary>
    public string? CorrelationId { get; set; }
}
