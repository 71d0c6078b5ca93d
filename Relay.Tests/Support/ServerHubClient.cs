using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;

namespace Relay.Tests.Support;

/// <summary>A .NET SignalR client of the market hub that records every callback it receives.</summary>
internal sealed class ServerHubClient : IAsyncDisposable
{
    private ServerHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<TickMessage>(nameof(IMarketClient.Tick), m => Ticks.Enqueue(m));
        connection.On<QuoteMessage>(nameof(IMarketClient.Quote), m => Quotes.Enqueue(m));
        connection.On<FullMessage>(nameof(IMarketClient.Full), m => Fulls.Enqueue(m));
        connection.On<FeedStatusMessage>(nameof(IMarketClient.FeedStatus), m => Statuses.Enqueue(m));
    }

    /// <summary>The connection.</summary>
    public HubConnection Connection { get; }

    /// <summary>Tick callbacks received.</summary>
    public ConcurrentQueue<TickMessage> Ticks { get; } = new();

    /// <summary>Quote callbacks received.</summary>
    public ConcurrentQueue<QuoteMessage> Quotes { get; } = new();

    /// <summary>Full callbacks received.</summary>
    public ConcurrentQueue<FullMessage> Fulls { get; } = new();

    /// <summary>FeedStatus callbacks received.</summary>
    public ConcurrentQueue<FeedStatusMessage> Statuses { get; } = new();

    /// <summary>Connects to <c>/hubs/market</c> over WebSockets with the JSON or MessagePack protocol.</summary>
    public static async Task<ServerHubClient> ConnectAsync(Uri baseUri, bool messagePack, CancellationToken cancellationToken)
    {
        // Negotiation kept (not skipped) so the client learns its connection id, which the tests look up in the feed.
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseUri, MarketHub.Path), options => options.Transports = HttpTransportType.WebSockets);
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var client = new ServerHubClient(builder.Build());
        await client.Connection.StartAsync(cancellationToken);
        return client;
    }

    /// <summary>Calls <c>Subscribe</c>.</summary>
    public Task<SubscriptionResult[]> SubscribeAsync(string mode, CancellationToken cancellationToken, params InstrumentKey[] instruments) =>
        Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, instruments.Select(InstrumentRef.From).ToList(), mode, cancellationToken);

    /// <summary>Calls <c>Unsubscribe</c>.</summary>
    public Task UnsubscribeAsync(string mode, CancellationToken cancellationToken, params InstrumentKey[] instruments) =>
        Connection.InvokeAsync(MarketHub.Unsubscribe, instruments.Select(InstrumentRef.From).ToList(), mode, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
