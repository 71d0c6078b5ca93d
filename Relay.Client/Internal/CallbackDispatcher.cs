using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>The <see cref="IMarketClient"/> the connection calls; forwards to the owning <see cref="RelayClient"/>.</summary>
internal sealed class CallbackDispatcher(RelayClient client) : IMarketClient
{
    public Task Tick(TickMessage message) => client.OnTickAsync(message);

    public Task Quote(QuoteMessage message) => client.OnQuoteAsync(message);

    public Task Full(FullMessage message) => client.OnFullAsync(message);

    public Task FeedStatus(FeedStatusMessage message) => client.OnFeedStatusAsync(message);

    public Task OrderUpdate(OrderUpdateMessage message) => client.OnOrderUpdateAsync(message);
}
