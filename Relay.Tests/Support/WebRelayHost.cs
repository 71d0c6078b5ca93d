using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;
using Relay.Core.Simulator;
using Relay.Core.Upstream;

namespace Relay.Tests.Support;

/// <summary>
/// The real Relay application (<see cref="RelayAppHost"/>: its <c>Program</c> with storage, the embedded simulator,
/// auth in single-user loopback mode, hub, REST and the page the build generated in <c>Relay.Server/wwwroot</c>) set up
/// for browser tests: fast ticks, quick fault detection, and a <see cref="WebHubGate"/> in front of the hub.
/// </summary>
internal sealed class WebRelayHost : IAsyncDisposable
{
    /// <summary>
    /// Defaults: fast ticks, a feed that turns stale after 3 s of silence (the simulator's own pong timeout is much
    /// longer, so silence is detected by Relay, not ended by the simulator) and short back-offs after rejected
    /// credentials or an eviction.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        ["Relay:Simulator:TicksPerSecondPerInstrument"] = "5",
        ["Relay:Simulator:PongTimeout"] = "00:01:00",
        ["Relay:Feed:StaleAfter"] = "00:00:03",
        ["Relay:Feed:CredentialsRejectedBackoff"] = "00:00:02",
        ["Relay:Feed:EvictedBackoff"] = "00:00:02",
    };

    private readonly RelayAppHost _app;

    private WebRelayHost(RelayAppHost app, WebHubGate hubGate)
    {
        _app = app;
        HubGate = hubGate;
        BaseUri = new Uri(app.BaseUri, "/");
    }

    /// <summary>Faults between browsers and the hub.</summary>
    public WebHubGate HubGate { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Every log entry of the application.</summary>
    public RelayAppLogs Logs => _app.Logs;

    /// <summary>The embedded feed simulator (fault injection).</summary>
    public FeedSimulator Simulator => _app.Services.GetRequiredService<FeedSimulator>();

    /// <summary>The engine: feed status and subscriptions.</summary>
    public IMarketFeed Feed => _app.Services.GetRequiredService<IMarketFeed>();

    /// <summary>Starts the application; <paramref name="settings"/> override <see cref="DefaultSettings"/>.</summary>
    public static async Task<WebRelayHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(DefaultSettings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var gate = new WebHubGate();
        var app = await RelayAppHost.StartAsync(values, services => services.AddSingleton<IStartupFilter>(gate)).WaitAsync(TimeSpan.FromSeconds(60));
        var host = new WebRelayHost(app, gate);
        try
        {
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
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
