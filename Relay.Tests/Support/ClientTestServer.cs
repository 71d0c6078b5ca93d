using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;

namespace Relay.Tests.Support;

/// <summary>
/// Real Kestrel on 127.0.0.1 serving <see cref="ClientTestHub"/> at <see cref="MarketHub.Path"/> with JSON and
/// MessagePack, plus helpers to push Tick/Quote/Full to the groups. Client tests only need <see cref="Url"/>, so they
/// can later run against the real relay.
/// </summary>
internal sealed class ClientTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClientTestServer(WebApplication app, ClientTestHubState state, int port)
    {
        _app = app;
        State = state;
        Port = port;
    }

    public ClientTestHubState State { get; }

    public int Port { get; }

    /// <summary>The server's root address; the client appends the hub path.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    private IHubContext<ClientTestHub, IMarketClient> Hub => _app.Services.GetRequiredService<IHubContext<ClientTestHub, IMarketClient>>();

    /// <summary>Starts a server.</summary>
    /// <param name="state">Shared with a previous server to simulate a restart; a new one by default.</param>
    /// <param name="port">0 for any free port; a previous server's port to restart "on the same port".</param>
    /// <param name="protocols">Restricts the protocols served (e.g. <c>["messagepack"]</c>); both by default.</param>
    public static async Task<ClientTestServer> StartAsync(ClientTestHubState? state = null, int port = 0, string[]? protocols = null)
    {
        state ??= new ClientTestHubState();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(state);
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.EnableDetailedErrors = true;
            if (protocols is not null)
            {
                o.SupportedProtocols = [.. protocols];
            }
        });
        signalR.AddMessagePackProtocol();

        var app = builder.Build();
        app.MapHub<ClientTestHub>(MarketHub.Path);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ClientTestServer(app, state, new Uri(address).Port);
    }

    public static FullMessage Full(InstrumentKey instrument, double ltp, long receivedAt = 0) => new()
    {
        ExchangeSegment = instrument.Segment.ToString(),
        SecurityId = instrument.SecurityIdText,
        Ltp = ltp,
        Ltt = 1_700_000_000,
        ReceivedAt = receivedAt,
        Volume = 1000,
        Open = ltp - 1,
        OiDayHigh = 7,
        Depth = [new() { BidPrice = ltp - 0.05, AskPrice = ltp + 0.05, BidQuantity = 10, AskQuantity = 20, BidOrders = 1, AskOrders = 2 }],
    };

    /// <summary>Sends one message per mode group of <paramref name="instrument"/>: Tick to Ticker, Quote to Quote, Full to Full.</summary>
    public async Task PublishAsync(InstrumentKey instrument, double ltp, long receivedAt = 0)
    {
        var segment = instrument.Segment.ToString();
        var id = instrument.SecurityIdText;
        await Hub.Clients.Group(ClientTestHub.GroupName(instrument, FeedMode.Ticker))
            .Tick(new TickMessage { ExchangeSegment = segment, SecurityId = id, Ltp = ltp, Ltt = 1_700_000_000 });
        await Hub.Clients.Group(ClientTestHub.GroupName(instrument, FeedMode.Quote))
            .Quote(new QuoteMessage { ExchangeSegment = segment, SecurityId = id, Ltp = ltp, Ltt = 1_700_000_000, ReceivedAt = receivedAt, Volume = 500, Open = ltp - 1 });
        await Hub.Clients.Group(ClientTestHub.GroupName(instrument, FeedMode.Full)).Full(Full(instrument, ltp, receivedAt));
    }

    public Task PublishFeedStatusAsync(FeedStatusMessage message) => Hub.Clients.All.FeedStatus(message);

    /// <summary>Sends <paramref name="target"/> with any arguments to everyone, bypassing the typed contract (malformed-input tests).</summary>
    public Task SendRawAsync(string target, params object?[] arguments) =>
        _app.Services.GetRequiredService<IHubContext<ClientTestHub>>().Clients.All.SendCoreAsync(target, arguments);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
