namespace Relay.Server.Trading;

/// <summary>What place, modify and cancel answer: <c>{"orderId","orderStatus"}</c>.</summary>
internal sealed class DhanOrderStatusBody
{
    public string? OrderId { get; set; }

    public string? OrderStatus { get; set; }
}
