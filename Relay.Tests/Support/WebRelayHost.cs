using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Core.Simulator;
using Relay.Core.Upstream;

namespace Relay.Tests.Support;

/// <summary>
/// The real Relay application (<c>Program</c>: storage, engine with the embedded simulator, hub, REST, the generated
/// <c>wwwroot</c> page) on Kestrel at <c>http://127.0.0.1:&lt;free port&gt;/</c>, for browser tests. Its content root
/// is <c>Relay.Server/</c> (found by <see cref="WebApplicationFactory{TEntryPoint}"/>), so the page is the one the
/// build generated there; its database lives in a temporary folder deleted on dispose.
/// </summary>
internal sealed class WebRelayHost : WebApplicationFactory<Program>
{
    /// <summary>
    /// Defaults: fast ticks, a feed that turns stale after 3 s of silence (the simulator's own pong timeout is much
    /// longer, so silence is detected by Relay, not ended by the simulator), short back-offs after rejected credentials
    /// and no shutdown grace.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        ["Relay:Simulator:TicksPerSecondPerInstrument"] = "5",
        ["Relay:Simulator:PongTimeout"] = "00:01:00",
        ["Relay:Feed:StaleAfter"] = "00:00:03",
        ["Relay:Feed:CredentialsRejectedBackoff"] = "00:00:02",
        ["Relay:Feed:EvictedBackoff"] = "00:00:02",
        ["Relay:Broadcast:ShutdownGrace"] = "00:00:00",
    };

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory;

    private WebRelayHost(IReadOnlyDictionary<string, string?>? settings)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "relay-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);
        _settings = new Dictionary<string, string?>(DefaultSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["Relay:Storage:Path"] = Path.Combine(_dataDirectory, "relay.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Faults between browsers and the hub.</summary>
    public WebHubGate HubGate { get; } = new();

    /// <summary>Warnings and errors the application logged.</summary>
    public ServerLogRecorder Logs { get; } = new();

    /// <summary><c>http://127.0.0.1:port/</c>; valid once started.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The embedded feed simulator (fault injection).</summary>
    public FeedSimulator Simulator => Services.GetRequiredService<FeedSimulator>();

    /// <summary>The engine: feed status and subscriptions.</summary>
    public IMarketFeed Feed => Services.GetRequiredService<IMarketFeed>();

    /// <summary>Starts the application; <paramref name="settings"/> override <see cref="DefaultSettings"/>.</summary>
    public static async Task<WebRelayHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new WebRelayHost(settings);
        try
        {
            // StartServer blocks until the application started; keep it off the test thread and bounded.
            await Task.Run(host.StartServer).WaitAsync(TimeSpan.FromSeconds(60));
            var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            host.BaseUri = new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/");
            await host.WaitForFeedAsync(FeedState.Connected, TimeSpan.FromSeconds(20));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the engine reports <paramref name="state"/>.</summary>
    public Task WaitForFeedAsync(FeedState state, TimeSpan timeout) =>
        ServerWait.UntilAsync(() => Feed.Status.State == state, $"the feed is {state} (it is {Feed.Status.State}: {Feed.Status.Reason})", timeout);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(HubGate));
    }
}
