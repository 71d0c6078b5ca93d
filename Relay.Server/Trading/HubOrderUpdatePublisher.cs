using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Relay.Core.Contracts;
using MarketHub = Relay.Server.Hubs.MarketHub;

namespace Relay.Server.Trading;

/// <summary>
/// The default <see cref="IOrderUpdatePublisher"/>: sends <c>OrderUpdate</c> to every market-hub connection of the
/// user (SignalR's user id is the <c>NameIdentifier</c> claim, i.e. <c>users.id</c>). Drops updates when the hub is
/// not registered.
/// </summary>
internal sealed class HubOrderUpdatePublisher : IOrderUpdatePublisher
{
    private readonly IServiceProvider _services;

    public HubOrderUpdatePublisher(IServiceProvider services) => _services = services;

    public async ValueTask PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (_services.GetService(typeof(IHubContext<MarketHub, IMarketClient>)) is IHubContext<MarketHub, IMarketClient> hub)
        {
            await hub.Clients.User(userId.ToString(CultureInfo.InvariantCulture)).OrderUpdate(order.ToMessage());
        }
    }
}
