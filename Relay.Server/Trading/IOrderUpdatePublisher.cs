namespace Relay.Server.Trading;

/// <summary>
/// Pushes order changes to the owning user's hub connections. The host implements it over the market hub
/// (<c>IHubContext&lt;MarketHub, IMarketClient&gt;.Clients.User(userId.ToString()).OrderUpdate(order.ToMessage())</c>);
/// until then <see cref="NullOrderUpdatePublisher"/> drops updates. Called after the change is committed; a
/// failure is logged and never undoes the change.
/// </summary>
internal interface IOrderUpdatePublisher
{
    /// <summary>Sends <paramref name="order"/> (its new state) to user <paramref name="userId"/>.</summary>
    ValueTask PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken);
}
