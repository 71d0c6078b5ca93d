using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Core.Engine;
using Relay.Core.Instruments;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Hubs;
using Relay.Server.Storage;
using Relay.Server.Trading;

namespace Relay.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1:0 with storage (bundled instruments), the trading API, test authentication, a fake market and
/// feed, and a recording publisher. Disposing it and starting another on the same directory (and market) is a restart.
/// </summary>
internal sealed class TradingTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TradingTestServer(WebApplication app, TradingFakeMarket market, Uri address)
    {
        _app = app;
        Market = market;
        Address = address;
    }

    public TradingFakeMarket Market { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public TradingRecordingPublisher Publisher => (TradingRecordingPublisher)_app.Services.GetRequiredService<IOrderUpdatePublisher>();

    public TradingFakeMarketFeed Feed => (TradingFakeMarketFeed)_app.Services.GetRequiredService<IMarketFeed>();

    public PaperFillEngine Engine => _app.Services.GetRequiredService<PaperFillEngine>();

    public static async Task<TradingTestServer> StartAsync(
        StorageTestDirectory directory,
        CancellationToken cancellationToken,
        TradingFakeMarket? market = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        ILoggerProvider? logs = null,
        bool simulator = false,
        bool hub = false)
    {
        market ??= new TradingFakeMarket();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Test" });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Fills in these tests must follow notifications, not the safety sweep.
            ["Relay:Trading:FillSweepInterval"] = "01:00:00",
            ["Relay:Trading:OrdersPerSecondPerUser"] = "1000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(TradingTestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TradingTestAuthHandler>(TradingTestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        if (simulator)
        {
            // The real engine over the embedded simulator; the fill engine attaches to its update fan-out.
            builder.Services.AddRelayCore(builder.Configuration);
        }
        else
        {
            builder.Services.AddSingleton<IMarketStateReader>(market);
            builder.Services.AddSingleton<IMarketFeed, TradingFakeMarketFeed>();
        }

        if (!hub)
        {
            builder.Services.AddSingleton<IOrderUpdatePublisher, TradingRecordingPublisher>();
        }
        else
        {
            builder.Services.AddRelayHub(builder.Configuration);
        }

        configure?.Invoke(builder.Services);
        builder.Services.AddRelayStorage(builder.Configuration, BundledInstruments.OpenCsv);
        builder.Services.AddRelayTrading(builder.Configuration);

        var app = builder.Build();
        await app.Services.InitializeRelayStorageAsync(cancellationToken);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTradingEndpoints();
        if (hub)
        {
            app.MapRelayHub();
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new TradingTestServer(app, market, new Uri(address));
        await server.Engine.Loaded.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return server;
    }

    /// <summary>The market state the server reads (the fake, or the engine's store with <c>simulator</c>).</summary>
    public IMarketStateReader MarketState => _app.Services.GetRequiredService<IMarketStateReader>();

    /// <summary>Creates a user and returns its id.</summary>
    public async Task<long> CreateUserAsync(CancellationToken cancellationToken, string name = "trader") =>
        (await _app.Services.GetRequiredService<UserRepository>().CreateAsync(name, false, cancellationToken)).User.Id;

    /// <summary>An HTTP client authenticated as <paramref name="userId"/> (none when null).</summary>
    public HttpClient Client(long? userId)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
        if (userId is { } id)
        {
            client.DefaultRequestHeaders.Add(TradingTestAuthHandler.Header, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return client;
    }

    /// <summary>Reads a JSON body with the web defaults (camelCase).</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken))!;

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
