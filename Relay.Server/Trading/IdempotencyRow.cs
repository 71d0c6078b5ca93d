namespace Relay.Server.Trading;

/// <summary>One <c>order_idempotency</c> row.</summary>
internal sealed class IdempotencyRow
{
    public string Broker { get; set; } = "";

    public string RequestHash { get; set; } = "";

    /// <summary>The order the key created; <c>null</c> while a DhanHQ place has an unknown outcome.</summary>
    public string? OrderId { get; set; }

    public string? CorrelationId { get; set; }

    public long CreatedAt { get; set; }
}
