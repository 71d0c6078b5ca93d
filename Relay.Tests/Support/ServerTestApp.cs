using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Broadcast;
using Relay.Server.Compat;
using Relay.Server.Hubs;
using Relay.Server.Market;

namespace Relay.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) hosting the hub, <c>/ws</c> and the market endpoints through the
/// server's own extensions, over an in-memory feed and market state.
/// </summary>
internal sealed class ServerTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerTestApp(WebApplication app, ServerFakeMarketFeed feed, ServerFakeMarketState state, ServerLogRecorder logs)
    {
        _app = app;
        Feed = feed;
        State = state;
        Logs = logs;
        BaseUri = new Uri(app.Urls.First());
        Sink = app.Services.GetRequiredService<IMarketUpdateSink>();
        Metrics = app.Services.GetRequiredService<BroadcastMetrics>();
        Registry = app.Services.GetRequiredService<SubscriberRegistry>();
    }

    /// <summary>The fake feed.</summary>
    public ServerFakeMarketFeed Feed { get; }

    /// <summary>The fake market state.</summary>
    public ServerFakeMarketState State { get; }

    /// <summary>Warnings and errors logged by the server.</summary>
    public ServerLogRecorder Logs { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The broadcaster, as the engine sees it.</summary>
    public IMarketUpdateSink Sink { get; }

    /// <summary>The broadcaster's counters.</summary>
    public BroadcastMetrics Metrics { get; }

    /// <summary>Who is subscribed to what.</summary>
    public SubscriberRegistry Registry { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="settings"/> override configuration keys (e.g. <c>Relay:Hub:MaxInstrumentsPerCall</c>).</summary>
    /// <param name="settings">Configuration overrides.</param>
    /// <param name="services">Extra service registrations (after the server's own).</param>
    /// <param name="socketSendBufferBytes">
    /// The kernel send buffer of accepted sockets (inherited from the listening socket), to make a client that stops
    /// reading stall the server quickly; <c>null</c> keeps the OS default (which can absorb megabytes).
    /// </param>
    public static async Task<ServerTestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, int? socketSendBufferBytes = null)
    {
        var feed = new ServerFakeMarketFeed();
        var state = new ServerFakeMarketState();
        var logs = new ServerLogRecorder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });

        // Only what the test says: not the server's appsettings.json (copied next to the tests) nor the environment.
        // No shutdown grace by default: most tests stop the server with clients still registered and need not wait.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        if (socketSendBufferBytes is { } sendBuffer)
        {
            builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = sendBuffer;
                return socket;
            });
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Relay:Broadcast:ShutdownGrace"] = "00:00:00" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton<IMarketFeed>(feed);
        builder.Services.AddSingleton<IMarketStateReader>(state);
        builder.Services.AddRelayHub(builder.Configuration);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapRelayHub();
        app.MapMarketEndpoints();
        app.MapCompatWebSocket();
        await app.StartAsync();
        return new ServerTestApp(app, feed, state, logs);
    }

    /// <summary>Stores <paramref name="snapshot"/> and notifies the broadcaster, as the engine's receive loop does.</summary>
    public void Publish(MarketSnapshot snapshot, MarketUpdateKind kind = MarketUpdateKind.Full)
    {
        State.Set(snapshot);
        Sink.OnUpdated(snapshot.Instrument, kind);
    }

    /// <summary>Notifies the broadcaster without changing the state (a notification arriving after its state was sent).</summary>
    public void Notify(Relay.Core.Contracts.InstrumentKey instrument, MarketUpdateKind kind) => Sink.OnUpdated(instrument, kind);

    /// <summary>Connects a hub client.</summary>
    public Task<ServerHubClient> ConnectAsync(CancellationToken cancellationToken, bool messagePack = false) =>
        ServerHubClient.ConnectAsync(BaseUri, messagePack, cancellationToken);

    /// <summary>Stops the server (what a shutdown does).</summary>
    public Task StopAsync() => _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
