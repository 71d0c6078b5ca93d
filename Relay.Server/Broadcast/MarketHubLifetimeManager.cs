using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Server.Hubs;

namespace Relay.Server.Broadcast;

/// <summary>
/// SignalR's default lifetime manager for <see cref="MarketHub"/>, plus a <see cref="HubSubscriber"/> per connection so
/// the broadcaster can write to connections directly (non-blocking, bounded) instead of through
/// <c>Clients.Group(...)</c>, which awaits every connection's write lock.
/// </summary>
internal sealed class MarketHubLifetimeManager : DefaultHubLifetimeManager<MarketHub>
{
    private readonly SubscriberRegistry _registry;
    private readonly ClientSubscriptions _subscriptions;
    private readonly BroadcastOptions _options;
    private readonly BroadcastMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HubSubscriber> _subscriberLogger;
    private readonly CatchUpQueue _catchUp;

    /// <summary>Creates the manager.</summary>
    public MarketHubLifetimeManager(
        ILogger<DefaultHubLifetimeManager<MarketHub>> logger,
        SubscriberRegistry registry,
        ClientSubscriptions subscriptions,
        IOptions<BroadcastOptions> options,
        BroadcastMetrics metrics,
        TimeProvider timeProvider,
        ILogger<HubSubscriber> subscriberLogger,
        CatchUpQueue catchUp)
        : base(logger)
    {
        _registry = registry;
        _subscriptions = subscriptions;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _subscriberLogger = subscriberLogger;
        _catchUp = catchUp;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await base.OnConnectedAsync(connection);
        _registry.Add(new HubSubscriber(connection, _options, _metrics, _timeProvider, _subscriberLogger, _catchUp));
    }

    /// <inheritdoc />
    /// <remarks>Runs even when the hub's own <c>OnConnectedAsync</c>/<c>OnDisconnectedAsync</c> did not, so nothing leaks.</remarks>
    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_registry.TryGetSubscriber(connection.ConnectionId, out var subscriber))
        {
            _subscriptions.Release(subscriber);
        }

        await base.OnDisconnectedAsync(connection);
    }
}
