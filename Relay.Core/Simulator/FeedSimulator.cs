using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Instruments;

namespace Relay.Core.Simulator;

/// <summary>
/// A DhanHQ-compatible live-feed server on 127.0.0.1: the v2 query-string handshake, the JSON requests of the main feed,
/// the binary packets (prev close, ticker, quote + OI, full with depth) on a seeded random walk, DhanHQ's limits (100 per
/// request, 5000 per socket, 5 sockets per client id), 10 s pings with a 40 s pong timeout, and fault injection.
/// </summary>
/// <remarks>
/// <para>The embedded upstream of <c>dotnet run</c>, the fake DhanHQ of the tests and the load source of the benchmarks.
/// Clients connect to <c>ws://127.0.0.1:&lt;port&gt;/?version=2&amp;token=…&amp;clientId=…&amp;authType=2</c> exactly as to DhanHQ.</para>
/// <para>Choices where DhanHQ documents nothing: a broken upgrade request (not GET, no WebSocket headers, bad key, path other
/// than <c>/</c>) gets a plain HTTP 400/404/405/426; a query string without <c>token</c> or <c>clientId</c>, or with
/// <c>version</c>/<c>authType</c> other than 2, is upgraded and then rejected like a wrong client id (disconnect 808 by
/// default), because DhanHQ authenticates through the query string only. A request breaking a limit is recorded as a
/// <see cref="SimulatorViolation"/> and, by default, answered with disconnect 804 (814 for a count mismatch) and a close
/// (<see cref="SimulatorOptions.DisconnectOnLimitViolation"/>). Mode mixing: each socket keeps a set of modes per
/// instrument; an unsubscribe removes only its own mode; each subscribed mode streams. OI packets accompany Quote only
/// for instruments that have OI (derivatives).</para>
/// <para>Times: LTT is IST wall-clock seconds encoded as if UTC (Unix seconds + 19800) from the <see cref="TimeProvider"/>,
/// which also drives the send timers (with a fake provider, ticks flow only when it is advanced). Never logs a token, a
/// client id or a URL.</para>
/// </remarks>
public sealed partial class FeedSimulator : IAsyncDisposable
{
    /// <summary>IST is UTC+05:30; DhanHQ's LTT is IST wall-clock seconds read as if UTC (protocol reference §4.1).</summary>
    internal const int IstOffsetSeconds = 19_800;

    private readonly Lock _stateLock = new();
    private readonly Dictionary<int, SimulatorSession> _sessions = [];
    private readonly SortedDictionary<int, SimulatorSocketInfo> _socketInfos = [];
    private readonly BoundedLog<SimulatorRequest> _requests;
    private readonly BoundedLog<SimulatorConnectionAttempt> _attempts;
    private readonly BoundedLog<SimulatorViolation> _violations;
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly Random _faultRandom;
    private readonly long _createdTimestamp;
    private TaskCompletionSource _changed = NewSignal();
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;
    private int _port;
    private int _nextSocketId;
    private int _attemptCount;
    private long _packetsSent;
    private long _framesSent;
    private double _ticksPerSecond;
    private string _clientId;
    private string _accessToken;
    private string? _expiredAccessToken;
    private ushort? _forcedAuthFailure;
    private int _rejectStatus;
    private DateTimeOffset _rejectUntil;

    /// <summary>Creates a simulator from bound options (the hosting constructor).</summary>
    public FeedSimulator(IOptions<SimulatorOptions> options, TimeProvider timeProvider, ILogger<FeedSimulator> logger)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, timeProvider, logger)
    {
    }

    /// <summary>Creates a simulator (the convenience constructor for tests and tools).</summary>
    /// <param name="options">The options; validated here (DataAnnotations).</param>
    /// <param name="timeProvider">Clock and timers; <c>null</c> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger; <c>null</c> for none.</param>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public FeedSimulator(SimulatorOptions options, TimeProvider? timeProvider = null, ILogger<FeedSimulator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger<FeedSimulator>.Instance;
        Seed = options.Seed ?? Random.Shared.Next();
        _faultRandom = new Random(Seed);
        _requests = new BoundedLog<SimulatorRequest>(options.MaxLogEntries);
        _attempts = new BoundedLog<SimulatorConnectionAttempt>(options.MaxLogEntries);
        _violations = new BoundedLog<SimulatorViolation>(options.MaxLogEntries);
        _ticksPerSecond = options.TicksPerSecondPerInstrument;
        _clientId = options.ClientId;
        _accessToken = options.AccessToken;
        _expiredAccessToken = options.ExpiredAccessToken;
        _createdTimestamp = TimeProvider.GetTimestamp();
        using var csv = options.InstrumentsCsvPath is { } path ? File.OpenRead(path) : BundledInstruments.OpenCsv();
        Market = new SimulatedMarket(SimulatorInstrumentCatalog.Load(csv, Seed), Seed, options.MonotonicPrices);
    }

    /// <summary>The seed in use (from <see cref="SimulatorOptions.Seed"/>, or drawn at construction): quote it to reproduce a run.</summary>
    public int Seed { get; }

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _listener) is not null;

    /// <summary>The port listened on (the chosen one when <see cref="SimulatorOptions.Port"/> is 0); 0 before the first start.</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>The base URL without query string, e.g. <c>ws://127.0.0.1:5123/</c>.</summary>
    /// <exception cref="InvalidOperationException">The simulator has not been started.</exception>
    public Uri Url => Port != 0
        ? new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/"))
        : throw new InvalidOperationException("The feed simulator has not been started.");

    /// <summary>The number of sockets open now (authenticated, not yet closing).</summary>
    public int OpenSocketCount
    {
        get
        {
            lock (_stateLock)
            {
                return _sessions.Values.Count(s => !s.IsClosing);
            }
        }
    }

    /// <summary>The ids of the sockets open now, oldest first.</summary>
    public IReadOnlyList<int> OpenSocketIds
    {
        get
        {
            lock (_stateLock)
            {
                return [.. _sessions.Values.Where(s => !s.IsClosing).Select(s => s.Id).Order()];
            }
        }
    }

    /// <summary>Every authenticated socket, open or closed (the newest <see cref="SimulatorOptions.MaxLogEntries"/>), by id.</summary>
    public IReadOnlyList<SimulatorSocketInfo> Sockets
    {
        get
        {
            lock (_stateLock)
            {
                return [.. _socketInfos.Values];
            }
        }
    }

    /// <summary>TCP connections accepted since construction (every attempt, whatever became of it).</summary>
    public int ConnectionAttemptCount => Volatile.Read(ref _attemptCount);

    /// <summary>Connection attempts with their outcome, in order of outcome.</summary>
    public IReadOnlyList<SimulatorConnectionAttempt> ConnectionAttempts
    {
        get
        {
            lock (_stateLock)
            {
                return _attempts.ToArray();
            }
        }
    }

    /// <summary>Every text frame received, in order.</summary>
    public IReadOnlyList<SimulatorRequest> Requests
    {
        get
        {
            lock (_stateLock)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Every limit violation, in order. The relay must never cause one.</summary>
    public IReadOnlyList<SimulatorViolation> Violations
    {
        get
        {
            lock (_stateLock)
            {
                return _violations.ToArray();
            }
        }
    }

    /// <summary>Data packets sent by the send loops (prev close, ticker, quote, OI, full), since construction.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Binary frames sent by the send loops, since construction.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    internal SimulatorOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal SimulatedMarket Market { get; }

    /// <summary>
    /// Bench only (the load harness): called, under the session's schedule lock, for every trade written into an outgoing frame,
    /// just before the frame is sent, with the instrument and its new last traded price. Must be fast and never throw.
    /// </summary>
    internal Action<InstrumentKey, float>? TickWritten { get; set; }

    /// <summary>The full connect URL for given credentials (default: the accepted ones). It carries the token: never log it.</summary>
    /// <exception cref="InvalidOperationException">The simulator has not been started.</exception>
    public Uri GetConnectUrl(string? clientId = null, string? accessToken = null)
    {
        string id;
        string token;
        lock (_stateLock)
        {
            id = clientId ?? _clientId;
            token = accessToken ?? _accessToken;
        }

        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{Url}?version=2&token={Uri.EscapeDataString(token)}&clientId={Uri.EscapeDataString(id)}&authType=2"));
    }

    /// <summary>Starts listening on 127.0.0.1. A restarted simulator listens on the port it had before.</summary>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    /// <exception cref="SocketException">The port is taken.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stateLock)
        {
            if (_listener is not null)
            {
                throw new InvalidOperationException("The feed simulator is already running.");
            }

            var listener = new TcpListener(IPAddress.Loopback, Options.Port != 0 ? Options.Port : _port);
            listener.Start(backlog: 512);
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _stopping = new CancellationTokenSource();
            _listener = listener;
            _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        }

        Log.Started(Logger, _port);
        NotifyChanged();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops listening and closes every socket (close 1001, then abort after <see cref="SimulatorOptions.CloseTimeout"/>).
    /// Observation state (logs, market) is kept; the simulator can be started again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TcpListener? listener;
        CancellationTokenSource? stopping;
        Task? acceptLoop;
        SimulatorSession[] sessions;
        lock (_stateLock)
        {
            (listener, stopping, acceptLoop) = (_listener, _stopping, _acceptLoop);
            (_listener, _stopping, _acceptLoop) = (null, null, null);
            sessions = [.. _sessions.Values];
        }

        if (listener is null)
        {
            return;
        }

        await stopping!.CancelAsync();
        listener.Stop();
        await acceptLoop!;
        await Task.WhenAll(sessions.Select(s => s.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "simulator stopping", "simulator stopped")));
        try
        {
            await Task.WhenAll(_tasks.Keys).WaitAsync(Options.CloseTimeout + TimeSpan.FromSeconds(1), TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_stateLock)
            {
                sessions = [.. _sessions.Values];
            }

            foreach (var session in sessions)
            {
                session.Abort("simulator stopped");
            }

            await Task.WhenAll(_tasks.Keys).WaitAsync(cancellationToken);
        }

        stopping.Dispose();
        Log.Stopped(Logger, _port);
        NotifyChanged();
    }

    /// <summary>Stops the simulator.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The subscriptions of one socket: instrument → modes (lightest first). Empty for an unknown or closed socket.</summary>
    public IReadOnlyDictionary<InstrumentKey, FeedMode[]> GetSubscriptions(int socketId)
    {
        SimulatorSession? session;
        lock (_stateLock)
        {
            _sessions.TryGetValue(socketId, out session);
        }

        return session?.SnapshotSubscriptions() ?? [];
    }

    /// <summary>The union over open sockets: instrument → every mode subscribed on any socket (lightest first).</summary>
    public IReadOnlyDictionary<InstrumentKey, FeedMode[]> GetAllSubscriptions()
    {
        SimulatorSession[] sessions;
        lock (_stateLock)
        {
            sessions = [.. _sessions.Values.Where(s => !s.IsClosing)];
        }

        var bits = new Dictionary<InstrumentKey, int>();
        foreach (var session in sessions)
        {
            session.MergeSubscriptionsInto(bits);
        }

        return bits.ToDictionary(pair => pair.Key, pair => SessionSubscription.ToModes(pair.Value));
    }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds. It is evaluated now and again after every state change (connection,
    /// socket opened or closed, request, subscription change, violation) — not by polling.
    /// </summary>
    /// <param name="condition">Evaluated by the waiting task after each change; keep it quick and side-effect free.</param>
    /// <param name="timeout">How long to wait, in real time.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public async Task WaitUntilAsync(Func<FeedSimulator, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            if (condition(this))
            {
                return;
            }

            try
            {
                await signal.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (condition(this))
                {
                    return;
                }

                throw new TimeoutException($"The feed simulator condition did not hold within {timeout.TotalSeconds:0.###} s.");
            }
        }
    }

    /// <summary>Wakes every <see cref="WaitUntilAsync"/>.</summary>
    internal void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    internal uint CurrentLtt() => (uint)(TimeProvider.GetUtcNow().ToUnixTimeSeconds() + IstOffsetSeconds);

    /// <summary>Time to an instrument's next tick, in <see cref="TimeProvider"/> timestamp units, jittered ±50 % around the mean.</summary>
    internal long NextInterval(SimulatedInstrumentState state, long now, Random random)
    {
        var rate = Volatile.Read(ref _ticksPerSecond);
        if (state.Rank < Options.HotInstrumentCount)
        {
            rate *= Options.HotRateMultiplier;
        }

        if (Options.BurstInterval > TimeSpan.Zero)
        {
            var phase = TimeProvider.GetElapsedTime(_createdTimestamp, now).Ticks % Options.BurstInterval.Ticks;
            if (phase < Options.BurstDuration.Ticks)
            {
                rate *= Options.BurstRateMultiplier;
            }
        }

        var mean = TimeProvider.TimestampFrequency / rate;
        return Math.Max(1, (long)(mean * (0.5 + random.NextDouble())));
    }

    internal void CountSent(int packets, int frames)
    {
        Interlocked.Add(ref _packetsSent, packets);
        Interlocked.Add(ref _framesSent, frames);
    }

    internal void RecordRequest(SimulatorRequest request)
    {
        lock (_stateLock)
        {
            _requests.Add(request);
        }

        NotifyChanged();
    }

    internal void RecordViolation(SimulatorViolationType type, int socketId, string details)
    {
        lock (_stateLock)
        {
            _violations.Add(new SimulatorViolation(type, socketId, details, TimeProvider.GetUtcNow()));
        }

        Log.Violation(Logger, type, socketId, details);
        NotifyChanged();
    }

    internal void OnSessionEnded(SimulatorSession session, string reason)
    {
        lock (_stateLock)
        {
            _sessions.Remove(session.Id);
            if (_socketInfos.TryGetValue(session.Id, out var info))
            {
                _socketInfos[session.Id] = info with { ClosedAt = TimeProvider.GetUtcNow(), CloseReason = reason };
            }
        }

        Log.SocketClosed(Logger, session.Id, reason);
        NotifyChanged();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Runs a connection or fault task and keeps it until it ends, so StopAsync can wait for it.
    private void Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _tasks, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
