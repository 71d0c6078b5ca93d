using Microsoft.AspNetCore.SignalR;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Upstream;
using Relay.Server.Broadcast;

namespace Relay.Server.Hubs;

/// <summary>
/// The market hub at <c>/hubs/market</c> (JSON and MessagePack). Clients call <c>Subscribe</c>/<c>Unsubscribe</c>
/// and receive <c>Tick</c>, <c>Quote</c>, <c>Full</c> and <c>FeedStatus</c> (see <see cref="IMarketClient"/>).
/// Updates are sent by the broadcaster, not from here.
/// </summary>
internal sealed class MarketHub : Hub<IMarketClient>
{
    private readonly ClientSubscriptions _subscriptions;
    private readonly SubscriberRegistry _registry;
    private readonly IMarketFeed _feed;

    /// <summary>Creates the hub (one instance per invocation).</summary>
    public MarketHub(ClientSubscriptions subscriptions, SubscriberRegistry registry, IMarketFeed feed)
    {
        _subscriptions = subscriptions;
        _registry = registry;
        _feed = feed;
    }

    /// <summary>Sends the feed's status to the new client.</summary>
    public override Task OnConnectedAsync() => Clients.Caller.FeedStatus(FeedStatusMessages.From(_feed.Status));

    /// <summary>
    /// Subscribes the caller to <paramref name="instruments"/> in <paramref name="mode"/> (<c>Ticker</c>,
    /// <c>Quote</c> or <c>Full</c>, any case). Returns one result per distinct instrument, in the order given:
    /// accepted (with the last known state in <see cref="SubscriptionResult.Snapshot"/>, and a warning when the
    /// instrument master does not list it) or rejected with a reason (bad segment or id, over a limit, over the
    /// upstream's capacity).
    /// </summary>
    /// <exception cref="HubException">Unknown mode, no instruments, or more than the per-call limit; nothing changed.</exception>
    public async Task<SubscriptionResult[]> Subscribe(IReadOnlyList<InstrumentRef> instruments, string mode)
    {
        var feedMode = ParseMode(mode);
        if (_subscriptions.ValidateCall(instruments) is { } error)
        {
            throw new HubException(error);
        }

        return await _subscriptions.SubscribeAsync(Caller(), instruments, feedMode, withSnapshots: true, Context.ConnectionAborted);
    }

    /// <summary>
    /// Stops the caller's <paramref name="mode"/> subscriptions of <paramref name="instruments"/>; instruments it does
    /// not hold in that mode are ignored.
    /// </summary>
    /// <exception cref="HubException">Unknown mode, no instruments, too many, or an invalid instrument; nothing changed.</exception>
    public Task Unsubscribe(IReadOnlyList<InstrumentRef> instruments, string mode)
    {
        var feedMode = ParseMode(mode);
        if (_subscriptions.ValidateCall(instruments) is { } error)
        {
            throw new HubException(error);
        }

        var keys = new List<InstrumentKey>(instruments.Count);
        foreach (var instrument in instruments)
        {
            if (!ClientSubscriptions.TryParse(instrument, out var key, out var invalid))
            {
                throw new HubException($"Invalid instrument {instrument}: {invalid}");
            }

            keys.Add(key);
        }

        _subscriptions.Unsubscribe(Caller(), keys, feedMode);
        return Task.CompletedTask;
    }

    /// <summary>Releases everything the client held.</summary>
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (_registry.TryGetSubscriber(Context.ConnectionId, out var subscriber))
        {
            _subscriptions.Release(subscriber);
        }

        return Task.CompletedTask;
    }

    private static FeedMode ParseMode(string? mode) =>
        FeedModeCodes.TryParse(mode, out var feedMode)
            ? feedMode
            : throw new HubException($"Unknown mode '{(mode is { Length: > 40 } ? mode[..40] + "…" : mode)}'. Valid modes: Ticker, Quote, Full.");

    private Subscriber Caller() =>
        _registry.TryGetSubscriber(Context.ConnectionId, out var subscriber)
            ? subscriber
            : throw new HubException("The connection is closing.");
}
