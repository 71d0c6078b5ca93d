namespace Relay.Server.Trading;

/// <summary>
/// One broker behind the orders API: Relay's paper broker or the DhanHQ proxy. Every method is per user
/// (<c>users.id</c>); a user never sees or touches another user's orders.
/// </summary>
internal interface ITradingBroker
{
    /// <summary><c>Paper</c> or <c>Dhan</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Places <paramref name="order"/>. With an <paramref name="idempotencyKey"/>, a repeat of the same key returns the
    /// order the first request created (never a second order); the key reused for a different order is refused.
    /// </summary>
    Task<TradingResult<PlacedOrder>> PlaceAsync(long userId, ValidatedOrder order, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Changes an open order.</summary>
    Task<TradingResult<OrderResponse>> ModifyAsync(long userId, string orderId, ModifyOrderRequest change, CancellationToken cancellationToken);

    /// <summary>Cancels an open order.</summary>
    Task<TradingResult<OrderResponse>> CancelAsync(long userId, string orderId, CancellationToken cancellationToken);

    /// <summary>The user's orders, newest first.</summary>
    Task<TradingResult<IReadOnlyList<OrderResponse>>> ListOrdersAsync(long userId, CancellationToken cancellationToken);

    /// <summary>One of the user's orders.</summary>
    Task<TradingResult<OrderResponse>> GetOrderAsync(long userId, string orderId, CancellationToken cancellationToken);

    /// <summary>The user's positions.</summary>
    Task<TradingResult<IReadOnlyList<PositionResponse>>> GetPositionsAsync(long userId, CancellationToken cancellationToken);

    /// <summary>The user's funds.</summary>
    Task<TradingResult<FundsResponse>> GetFundsAsync(long userId, CancellationToken cancellationToken);
}
