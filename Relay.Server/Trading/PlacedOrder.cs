namespace Relay.Server.Trading;

/// <summary>The outcome of a place request.</summary>
/// <param name="Order">The order (possibly already REJECTED, with its reason).</param>
/// <param name="Replayed">True when an earlier request with the same Idempotency-Key created it.</param>
internal sealed record PlacedOrder(OrderResponse Order, bool Replayed);
