using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Engine;
using Relay.Core.Market;
using Relay.Core.Simulator;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Tests.Support;

/// <summary>
/// The whole engine built by the real registration (<see cref="CoreServiceCollectionExtensions.AddRelayCore"/>),
/// its hosted services started in registration order and stopped in reverse, with every log line captured and a
/// counting <see cref="IMarketUpdateSink"/>. Either with the embedded simulator (<see cref="StartEmbeddedAsync"/>)
/// or in Dhan mode against a <see cref="FeedSimulator"/> the test hosts (<see cref="StartDhanAsync"/>).
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>A generous bound for anything that should happen "soon" on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<IHostedService> _started = [];
    private readonly FeedSimulator? _external;
    private bool _stopped;

    private EngineHarness(ServiceProvider services, EngineLogCapture logs, EngineUpdateSink sink, FeedSimulator? external)
    {
        Services = services;
        Logs = logs;
        Sink = sink;
        _external = external;
    }

    public ServiceProvider Services { get; }

    public EngineLogCapture Logs { get; }

    public EngineUpdateSink Sink { get; }

    /// <summary>The engine (resolved at start, so its status stays readable after disposal).</summary>
    public IMarketFeed Feed { get; private set; } = null!;

    /// <summary>The simulator the engine talks to: the embedded one, or the one the test hosts.</summary>
    public FeedSimulator Simulator => _external ?? Services.GetRequiredService<FeedSimulator>();

    public SubscriptionSet Set => Services.GetRequiredService<SubscriptionSet>();

    public UpstreamSynchronizer Synchronizer => Services.GetRequiredService<UpstreamSynchronizer>();

    public UpstreamPool Pool => Services.GetRequiredService<UpstreamPool>();

    public MarketStateStore Market => Services.GetRequiredService<MarketStateStore>();

    public FeedCredentialStore Credentials => Services.GetRequiredService<FeedCredentialStore>();

    public UpstreamCounters Counters => Services.GetRequiredService<UpstreamCounters>();

    /// <summary>Simulator mode with the embedded simulator: port 0, seed 42, 10 ms coalescing, fast retries; <paramref name="settings"/> override.</summary>
    public static Task<EngineHarness> StartEmbeddedAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        EngineLogCapture? logs = null,
        CancellationToken cancellationToken = default)
    {
        var merged = Defaults();
        merged["Relay:Feed:Mode"] = "Simulator";
        merged["Relay:Simulator:Port"] = "0";
        merged["Relay:Simulator:Seed"] = "42";
        merged["Relay:Simulator:TicksPerSecondPerInstrument"] = "5";
        merged["Relay:Simulator:TimerResolution"] = "00:00:00.005";
        merged["Relay:Simulator:CloseTimeout"] = "00:00:01";
        Overlay(merged, settings);
        return StartAsync(merged, services, null, logs, cancellationToken);
    }

    /// <summary>
    /// Dhan mode against <paramref name="simulator"/> (started, owned by the test): its URL and its credentials
    /// (unless <paramref name="withCredentials"/> is false); <paramref name="settings"/> override.
    /// </summary>
    public static Task<EngineHarness> StartDhanAsync(
        FeedSimulator simulator,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool withCredentials = true,
        EngineLogCapture? logs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var merged = Defaults();
        merged["Relay:Feed:Mode"] = "Dhan";
        merged["Relay:Feed:Url"] = simulator.Url.ToString();
        if (withCredentials)
        {
            merged["Relay:Feed:ClientId"] = simulator.Options.ClientId;
            merged["Relay:Feed:AccessToken"] = simulator.Options.AccessToken;
        }

        Overlay(merged, settings);
        return StartAsync(merged, services, simulator, logs, cancellationToken);
    }

    /// <summary>Simulator options for a simulator hosted by a test: the defaults of <see cref="SimulatorTestOptions.Fast"/>, unusual credentials.</summary>
    public static SimulatorOptions ExternalSimulatorOptions(double ticksPerSecond = 5) => new()
    {
        Port = 0,
        Seed = 42,
        TicksPerSecondPerInstrument = ticksPerSecond,
        TimerResolution = TimeSpan.FromMilliseconds(5),
        CloseTimeout = TimeSpan.FromSeconds(1),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        ClientId = "1107654321",
        AccessToken = "eyJhbGciOiJIUzUxMiJ9.c2ltdWxhdG9yLXRva2Vu.Zm9vYmFy",
    };

    public static InstrumentKey Equity(uint securityId) => new(ExchangeSegment.NSE_EQ, securityId);

    /// <summary><paramref name="count"/> distinct NSE_EQ instruments from <paramref name="first"/> on.</summary>
    public static InstrumentKey[] Equities(int count, uint first = 100_000) =>
        [.. Enumerable.Range(0, count).Select(i => Equity(first + (uint)i))];

    /// <summary>Sends what is pending now, instead of waiting for the coalescing window.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Synchronizer.FlushAsync(cancellationToken);

    /// <summary>
    /// Flushes, then waits until the simulator's open sockets together hold exactly <paramref name="expected"/>
    /// (instrument → its one mode).
    /// </summary>
    public async Task WaitForUpstreamSetAsync(IReadOnlyDictionary<InstrumentKey, FeedMode> expected, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        try
        {
            await Simulator.WaitUntilAsync(s => HoldsExactly(s.GetAllSubscriptions(), expected), Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            var actual = Simulator.GetAllSubscriptions();
            var missing = expected.Where(p => !actual.TryGetValue(p.Key, out var modes) || !modes.SequenceEqual([p.Value])).Take(10).Select(p => $"{p.Key}:{p.Value}");
            var extra = actual.Where(p => !expected.ContainsKey(p.Key)).Take(10).Select(p => $"{p.Key}:{string.Join('+', p.Value)}");
            Assert.Fail($"The simulator did not come to hold the expected {expected.Count} instruments (it holds {actual.Count}). " +
                $"Missing or wrong: {string.Join(", ", missing)}. Extra: {string.Join(", ", extra)}. Violations: {string.Join("; ", Simulator.Violations.Select(v => v.Details))}");
        }
    }

    /// <summary>True when <paramref name="actual"/> holds exactly the instruments of <paramref name="expected"/>, each in exactly its mode.</summary>
    public static bool HoldsExactly(IReadOnlyDictionary<InstrumentKey, FeedMode[]> actual, IReadOnlyDictionary<InstrumentKey, FeedMode> expected) =>
        actual.Count == expected.Count
        && expected.All(p => actual.TryGetValue(p.Key, out var modes) && modes.Length == 1 && modes[0] == p.Value);

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (about the engine) until it holds, or fails with the feed's status after <see cref="Patience"/>.</summary>
    public Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        WaitUntilAsync(condition, $"a condition (the feed is {Feed.Status.State}: {Feed.Status.Reason})", cancellationToken);

    public Task WaitForStateAsync(FeedState state, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => Feed.Status.State == state, $"feed state {state} (it is {Feed.Status.State}: {Feed.Status.Reason})", cancellationToken);

    /// <summary>Every captured entry at <paramref name="level"/> or above, or carrying an exception.</summary>
    public IReadOnlyList<EngineLogEntry> EntriesAtOrAbove(LogLevel level) =>
        [.. Logs.Entries.Where(e => e.Level >= level || e.Exception is not null)];

    /// <summary>Stops the hosted services in reverse order of start (idempotent).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await StopAsync(timeout.Token);
        }
        finally
        {
            await Services.DisposeAsync();
        }
    }

    private static async Task<EngineHarness> StartAsync(
        Dictionary<string, string?> settings,
        Action<IServiceCollection>? configure,
        FeedSimulator? external,
        EngineLogCapture? logs,
        CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        logs ??= new EngineLogCapture();
        var sink = new EngineUpdateSink();
        var collection = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<IMarketUpdateSink>(sink);
        configure?.Invoke(collection);
        collection.AddRelayCore(configuration);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var harness = new EngineHarness(services, logs, sink, external);
        try
        {
            // What the host does: validate the options, then start the hosted services in registration order.
            services.GetService<IStartupValidator>()?.Validate();
            harness.Feed = services.GetRequiredService<IMarketFeed>();
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
                harness._started.Add(hosted);
            }
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    private static Dictionary<string, string?> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Relay:Feed:BaseDelay"] = "00:00:00.050",
        ["Relay:Feed:MaxDelay"] = "00:00:00.500",
        ["Relay:Feed:CloseTimeout"] = "00:00:02",
        ["Relay:Feed:ConnectTimeout"] = "00:00:10",
        ["Relay:Subscriptions:CoalesceWindow"] = "00:00:00.010",
        ["Relay:Subscriptions:ReconcileInterval"] = "00:00:00",
    };

    private static void Overlay(Dictionary<string, string?> target, IReadOnlyDictionary<string, string?>? settings)
    {
        if (settings is null)
        {
            return;
        }

        foreach (var (key, value) in settings)
        {
            target[key] = value;
        }
    }

    /// <summary>Formats a number for a configuration value.</summary>
    public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
