using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Upstream;

/// <summary>A fake DhanHQ server plus an upstream pool wired to it, with recording sink and listener.</summary>
internal sealed class UpstreamHarness : IAsyncDisposable
{
    public static readonly FeedCredentials DefaultCredentials = new("1100223344", "tok+en/with=odd&chars");

    private UpstreamHarness(FakeDhanServer server, FeedOptions options, TimeProvider timeProvider, UpstreamLogCapture? logs)
    {
        Server = server;
        Options = options;
        Time = timeProvider;
        Logs = logs;
        Counters = new UpstreamCounters(timeProvider);
        Pool = new UpstreamPool(
            Microsoft.Extensions.Options.Options.Create(options),
            Credentials,
            Store,
            Sink,
            Counters,
            timeProvider,
            logs?.CreateFactory() ?? NullLoggerFactory.Instance,
            Listener);
    }

    public FakeDhanServer Server { get; }

    public FeedOptions Options { get; }

    public TimeProvider Time { get; }

    public FakeTimeProvider Fake => (FakeTimeProvider)Time;

    public UpstreamLogCapture? Logs { get; }

    public FeedCredentialStore Credentials { get; } = new();

    public MarketStateStore Store { get; } = new();

    public RecordingUpdateSink Sink { get; } = new();

    public RecordingSessionListener Listener { get; } = new();

    public UpstreamCounters Counters { get; }

    public UpstreamPool Pool { get; }

    public UpstreamConnection Socket0 => Pool.Connections[0];

    /// <summary>
    /// Starts a fake server and a pool in Dhan mode with fast real-time retries and no staleness or
    /// immediate-drop detection unless <paramref name="configure"/> says otherwise. The pool is not started.
    /// </summary>
    public static async Task<UpstreamHarness> CreateAsync(
        Action<FeedOptions>? configure = null,
        TimeProvider? timeProvider = null,
        FeedCredentials? credentials = null,
        bool withCredentials = true,
        UpstreamLogCapture? logs = null,
        Action<FakeDhanServer>? server = null,
        CancellationToken cancellationToken = default)
    {
        var fake = await FakeDhanServer.StartAsync(cancellationToken);
        server?.Invoke(fake);
        var options = new FeedOptions
        {
            Mode = FeedSource.Dhan,
            Url = fake.Url.ToString(),
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            StaleAfter = TimeSpan.FromMinutes(10),
            // Long: tests advance a fake clock by minutes, which must never time out a real handshake in flight.
            ConnectTimeout = TimeSpan.FromHours(1),
            CloseTimeout = TimeSpan.FromSeconds(2),
            ImmediateDropWindow = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        var harness = new UpstreamHarness(fake, options, timeProvider ?? TimeProvider.System, logs);
        if (withCredentials)
        {
            harness.Credentials.Set(credentials ?? DefaultCredentials);
        }

        return harness;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Pool.StartAsync(cancellationToken);

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Advances the fake clock by <paramref name="step"/> every few real milliseconds until <paramref name="condition"/> holds; returns the fake time advanced.</summary>
    public async Task<TimeSpan> AdvanceUntilAsync(TimeSpan step, Func<bool> condition, CancellationToken cancellationToken)
    {
        var advanced = TimeSpan.Zero;
        while (!condition())
        {
            Fake.Advance(step);
            advanced += step;
            await Task.Delay(5, cancellationToken);
        }

        return advanced;
    }

    public async Task WaitForStateAsync(FeedState state, CancellationToken cancellationToken) =>
        await WaitUntilAsync(() => Pool.Status.State == state, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Pool.StopAsync(CancellationToken.None);
        await Pool.DisposeAsync();
        await Server.DisposeAsync();
        Counters.Dispose();
    }
}
