using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>
/// <c>PUT /api/orders/{id}</c> body: the fields to change (DhanHQ v2 names); absent fields keep their values.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed class ModifyOrderRequest
{
    /// <summary>New total quantity in units.</summary>
    public long? Quantity { get; set; }

    /// <summary>New limit price in rupees.</summary>
    public decimal? Price { get; set; }

    /// <summary>New trigger price in rupees.</summary>
    public decimal? TriggerPrice { get; set; }

    /// <summary>New order type.</summary>
    public string? OrderType { get; set; }

    /// <summary>New validity.</summary>
    public string? Validity { get; set; }
}
