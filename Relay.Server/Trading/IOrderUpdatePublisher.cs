namespace Relay.Server.Trading;

/// <summary>
/// Pushes order changes to the owning user's connections; the default is <see cref="HubOrderUpdatePublisher"/>
/// (the market hub's <c>OrderUpdate</c> callback). Called after the change is committed; a failure is logged and
/// never undoes the change.
/// </summary>
internal interface IOrderUpdatePublisher
{
    /// <summary>Sends <paramref name="order"/> (its new state) to user <paramref name="userId"/>.</summary>
    ValueTask PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken);
}
