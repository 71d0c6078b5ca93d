namespace Relay.Server.Trading;

/// <summary><c>PUT /orders/{order-id}</c> body (protocol reference §6.2).</summary>
internal sealed record DhanModifyOrderBody
{
    public required string DhanClientId { get; init; }

    public required string OrderId { get; init; }

    public required string OrderType { get; init; }

    public long Quantity { get; init; }

    public decimal Price { get; init; }

    public decimal TriggerPrice { get; init; }

    public required string Validity { get; init; }

    /// <summary>Redacted: the client id never reaches a log through this type.</summary>
    public override string ToString() => $"DhanModifyOrderBody {{ {OrderId} {OrderType} {Quantity} }}";
}
