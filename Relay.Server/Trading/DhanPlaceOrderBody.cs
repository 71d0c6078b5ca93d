namespace Relay.Server.Trading;

/// <summary><c>POST /orders</c> body (protocol reference §6.2).</summary>
internal sealed record DhanPlaceOrderBody
{
    public required string DhanClientId { get; init; }

    public required string CorrelationId { get; init; }

    public required string TransactionType { get; init; }

    public required string ExchangeSegment { get; init; }

    public required string ProductType { get; init; }

    public required string OrderType { get; init; }

    public required string Validity { get; init; }

    public required string SecurityId { get; init; }

    public long Quantity { get; init; }

    public decimal Price { get; init; }

    public decimal TriggerPrice { get; init; }

    public bool AfterMarketOrder { get; init; }

    /// <summary>Redacted: the client id never reaches a log through this type.</summary>
    public override string ToString() => $"DhanPlaceOrderBody {{ {TransactionType} {Quantity} {ExchangeSegment}:{SecurityId} {OrderType}, CorrelationId = {CorrelationId} }}";
}
