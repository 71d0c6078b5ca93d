using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Core.Upstream;

/// <summary>
/// One upstream WebSocket (socket <see cref="Index"/> of the pool) that stays connected: it connects, runs a
/// session (receive loop, watchdog, subscription replay through the <see cref="SessionListener"/>) and
/// reconnects through a Polly retry pipeline until stopped.
/// </summary>
/// <remarks>
/// Faults and reactions:
/// <list type="bullet">
/// <item>Network faults (refused, reset, drop without close frame, close frame, timeout, disconnect 800 and other
/// retryable codes) and staleness: exponential backoff with jitter from <see cref="FeedOptions.BaseDelay"/> to
/// <see cref="FeedOptions.MaxDelay"/>, never giving up. A session that stayed up for at least
/// <see cref="FeedOptions.MaxDelay"/> starts the backoff over (the next attempt is immediate).</item>
/// <item>Credentials rejected (disconnect 806-810, HTTP 401/403/429 on the handshake,
/// <see cref="FeedOptions.ImmediateDropLimit"/> drops in a row each within <see cref="FeedOptions.ImmediateDropWindow"/>
/// of the handshake with no packet received): state <c>CredentialsRejected</c>, wait <see cref="FeedOptions.CredentialsRejectedBackoff"/>.</item>
/// <item>805 (another connection took the slot) and 804: state <c>Evicted</c>, wait <see cref="FeedOptions.EvictedBackoff"/>.</item>
/// <item>New credentials (<see cref="FeedCredentialStore.Changed"/>): the current session or wait ends at once
/// (politely: disconnect request and close frame) and the socket reconnects with the new credentials.</item>
/// <item><see cref="FeedSource.Dhan"/> without credentials: state <c>NoCredentials</c>, no connection until they are set.</item>
/// </list>
/// </remarks>
internal sealed partial class UpstreamConnection : IAsyncDisposable
{
    private readonly FeedOptions _options;
    private readonly IUpstreamEndpoint _endpoint;
    private readonly FeedCredentialStore _credentials;
    private readonly MarketStateStore _store;
    private readonly IMarketUpdateSink _sink;
    private readonly UpstreamCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<SessionOutcome> _pipeline;
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly Lock _stateLock = new();
    private readonly Lock _credentialsLock = new();
    private UpstreamState _state;
    private FeedCredentials? _credentialsInUse;
    private IUpstreamSessionListener _sessionListener = NullUpstreamSessionListener.Instance;
    private CancellationTokenSource? _generation;
    private UpstreamSession? _session;
    private Task? _run;
    private bool _everConnected;
    private int _immediateDrops;
    private long _packets;
    private long _malformed;
    private long _textFrames;
    private long _reconnects;
    private long _connectionAttempts;
    private long _lastFrameAtUnixMs;

    /// <summary>Creates socket <paramref name="index"/>; nothing connects before <see cref="RunAsync"/>.</summary>
    public UpstreamConnection(
        int index,
        FeedOptions options,
        FeedCredentialStore credentials,
        MarketStateStore store,
        IMarketUpdateSink sink,
        UpstreamCounters counters,
        TimeProvider timeProvider,
        ILogger<UpstreamConnection> logger,
        IUpstreamEndpoint? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Index = index;
        _options = options;
        _endpoint = endpoint ?? new ConfiguredUpstreamEndpoint(options);
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _state = new UpstreamState(FeedState.Connecting, "starting", timeProvider.GetUtcNow());
        _pipeline = BuildPipeline();
    }

    /// <summary>Raised (on any thread) after <see cref="State"/> changed. Handlers must not block.</summary>
    public event Action<UpstreamConnection>? StateChanged;

    /// <summary>The socket's index, 0-based.</summary>
    public int Index { get; }

    /// <summary>The socket's current state.</summary>
    public UpstreamState State => Volatile.Read(ref _state);

    /// <summary>Whether a session is open (requests can be sent).</summary>
    public bool IsConnected => Volatile.Read(ref _session) is not null;

    /// <summary>
    /// Told about every session start and end. Set it before <see cref="RunAsync"/>; until then a no-op
    /// listener is used.
    /// </summary>
    public IUpstreamSessionListener SessionListener
    {
        get => Volatile.Read(ref _sessionListener);
        set => Volatile.Write(ref _sessionListener, value ?? NullUpstreamSessionListener.Instance);
    }

    /// <summary>Connects and keeps the socket connected until <paramref name="stoppingToken"/> fires; then leaves politely and returns.</summary>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.CompareExchange(ref _run, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException("The upstream connection is already running.");
        }

        var run = RunCoreAsync(stoppingToken);
        Volatile.Write(ref _run, run);
        return run;
    }

    /// <summary>Sends one JSON request as a text frame; false (never throws) when no session is open.</summary>
    public ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        Volatile.Read(ref _session) is { } session
            ? session.TrySendAsync(request, System.Net.WebSockets.WebSocketMessageType.Text, cancellationToken)
            : ValueTask.FromResult(false);

    /// <summary>The socket's status for the admin API.</summary>
    public UpstreamSocketStatus GetStatus()
    {
        var state = State;
        var lastFrame = Volatile.Read(ref _lastFrameAtUnixMs);
        return new UpstreamSocketStatus(
            Index,
            state.State,
            state.Reason,
            state.Since,
            Volatile.Read(ref _session)?.ConnectedAt,
            lastFrame == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(lastFrame),
            Volatile.Read(ref _packets),
            Volatile.Read(ref _malformed),
            Volatile.Read(ref _textFrames),
            Volatile.Read(ref _reconnects),
            Volatile.Read(ref _connectionAttempts));
    }

    /// <summary>Stops the socket (politely when connected) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _disposeCts.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (Volatile.Read(ref _run) is { } run)
        {
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Volatile.Read(ref _session)?.Abort();
        _disposeCts.Dispose();
    }

    private async Task RunCoreAsync(CancellationToken stoppingToken)
    {
        // Let the caller (StartAsync of the host) return before the first connect.
        await Task.Yield();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _disposeCts.Token);
        var token = stopping.Token;
        _credentials.Changed += OnCredentialsChanged;
        try
        {
            while (!token.IsCancellationRequested)
            {
                using var generation = CancellationTokenSource.CreateLinkedTokenSource(token);
                Volatile.Write(ref _generation, generation);
                try
                {
                    await RunGenerationAsync(generation.Token);
                }
                catch (OperationCanceledException) when (generation.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    // New credentials: start over at once with a fresh backoff.
                    _immediateDrops = 0;
                    Log.CredentialsChanged(_logger, Index);
                }
                finally
                {
                    Interlocked.CompareExchange(ref _generation, null, generation);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _credentials.Changed -= OnCredentialsChanged;
            SetState(FeedState.Stopped, "stopped");
            Log.Stopped(_logger, Index);
        }
    }

    private async Task RunGenerationAsync(CancellationToken cancellationToken)
    {
        FeedCredentials? credentials;
        lock (_credentialsLock)
        {
            credentials = _endpoint.SelectCredentials(_credentials.Current);
            _credentialsInUse = credentials;
        }

        if (credentials is null)
        {
            SetState(FeedState.NoCredentials, "no DhanHQ credentials are configured");
            Log.NoCredentials(_logger, Index);
            await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken);
            return;
        }

        while (true)
        {
            if (State.State is FeedState.NoCredentials or FeedState.CredentialsRejected or FeedState.Evicted)
            {
                // New credentials or the end of a back-off: say so while the attempt runs.
                SetState(_everConnected ? FeedState.Reconnecting : FeedState.Connecting, "trying again");
            }

            var outcome = await _pipeline.ExecuteAsync(
                static (state, ct) => state.Self.RunSessionAsync(state.Credentials, ct),
                (Self: this, Credentials: credentials),
                cancellationToken);
            switch (outcome.Kind)
            {
                case SessionEndKind.CredentialsRejected:
                    SetState(FeedState.CredentialsRejected, outcome.Reason);
                    Log.CredentialsRejected(_logger, Index, outcome.Reason, _options.CredentialsRejectedBackoff);
                    await Task.Delay(_options.CredentialsRejectedBackoff, _timeProvider, cancellationToken);
                    break;

                case SessionEndKind.Evicted:
                    SetState(FeedState.Evicted, outcome.Reason);
                    Log.Evicted(_logger, Index, outcome.Reason, _options.EvictedBackoff);
                    await Task.Delay(_options.EvictedBackoff, _timeProvider, cancellationToken);
                    break;

                default:
                    // A session that stayed up long enough was lost: reconnect at once, the backoff starts over.
                    SetState(outcome.Kind == SessionEndKind.Stale ? FeedState.Stale : FeedState.Reconnecting, outcome.Reason);
                    break;
            }
        }
    }

    private ResiliencePipeline<SessionOutcome> BuildPipeline() =>
        new ResiliencePipelineBuilder<SessionOutcome> { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions<SessionOutcome>
            {
                Name = "upstream-reconnect",
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException } => false,
                    { Exception: not null } => true,
                    { Result: { } result } => result.IsRetried,
                    _ => false,
                }),
                OnRetry = args =>
                {
                    OnRetry(args.Outcome, args.AttemptNumber, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private void OnRetry(Outcome<SessionOutcome> outcome, int attempt, TimeSpan delay)
    {
        if (outcome.Exception is { } exception)
        {
            // Only Relay's own code can get here (socket faults are classified, never thrown): log it whole.
            Log.UnexpectedError(_logger, Index, exception);
            SetState(_everConnected ? FeedState.Reconnecting : FeedState.Connecting, "unexpected error: " + exception.GetType().Name);
        }
        else if (outcome.Result is { } result)
        {
            var state = result.Kind == SessionEndKind.Stale ? FeedState.Stale : _everConnected ? FeedState.Reconnecting : FeedState.Connecting;
            SetState(state, result.Reason);
        }

        Log.RetryScheduled(_logger, Index, delay, attempt + 1);
    }

    private void OnCredentialsChanged()
    {
        lock (_credentialsLock)
        {
            // The endpoint may not use the store's credentials (the embedded simulator has its own): then nothing changed here.
            if (_endpoint.SelectCredentials(_credentials.Current) == _credentialsInUse)
            {
                return;
            }
        }

        if (Volatile.Read(ref _generation) is { } generation)
        {
            try
            {
                // Callbacks run on the thread pool: Set() (an admin request) never runs the polite close itself.
                _ = generation.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // That generation just ended; the next one reads the new credentials.
            }
        }
    }

    private void SetState(FeedState state, string? reason)
    {
        lock (_stateLock)
        {
            var current = _state;
            if (current.State == state && current.Reason == reason)
            {
                return;
            }

            Volatile.Write(ref _state, new UpstreamState(state, reason, current.State == state ? current.Since : _timeProvider.GetUtcNow()));
        }

        Log.StateChanged(_logger, Index, state, reason ?? "-");
        try
        {
            StateChanged?.Invoke(this);
        }
        catch (Exception ex)
        {
            // A faulty observer must not stop the reconnect loop.
            Log.StateHandlerFailed(_logger, Index, ex);
        }
    }
}
