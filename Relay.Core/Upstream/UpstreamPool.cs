using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Core.Upstream;

/// <summary>
/// The upstream sockets (<see cref="FeedOptions.MaxConnections"/> of them, all connected while running):
/// routes requests to a socket, aggregates the sockets' states into one <see cref="FeedStatus"/>, and
/// exposes per-socket status. A hosted service: <see cref="BackgroundService.StartAsync"/> connects,
/// <see cref="BackgroundService.StopAsync"/> sends <c>{"RequestCode":12}</c> on every socket and closes it.
/// </summary>
/// <remarks>
/// The aggregate state is the worst socket state, in this order: CredentialsRejected, NoCredentials,
/// Evicted, Stale, Reconnecting, Connecting, Connected (Stopped once stopped). With several sockets the
/// reason names the socket (<c>socket 1: ...</c>). <see cref="FeedStatus.Since"/> is when that aggregate
/// state began; a change of reason alone keeps it.
/// </remarks>
internal sealed partial class UpstreamPool : BackgroundService, IUpstreamRequestSender, IAsyncDisposable
{
    private readonly UpstreamConnection[] _connections;
    private readonly string _source;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _statusLock = new();
    private FeedStatus _status;
    private int _started;

    /// <summary>Creates the sockets; nothing connects before the service starts.</summary>
    public UpstreamPool(
        IOptions<FeedOptions> options,
        FeedCredentialStore credentials,
        MarketStateStore store,
        IMarketUpdateSink sink,
        UpstreamCounters counters,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IUpstreamSessionListener? sessionListener = null,
        IUpstreamEndpoint? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var value = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _source = value.Mode == FeedSource.Dhan ? "Dhan" : "Simulator";
        MaxInstrumentsPerSocket = value.MaxInstrumentsPerConnection;
        _logger = loggerFactory.CreateLogger<UpstreamPool>();
        var logger = loggerFactory.CreateLogger<UpstreamConnection>();
        _connections = new UpstreamConnection[value.MaxConnections];
        for (var i = 0; i < _connections.Length; i++)
        {
            var connection = new UpstreamConnection(i, value, credentials, store, sink, counters, timeProvider, logger, endpoint);
            if (sessionListener is not null)
            {
                connection.SessionListener = sessionListener;
            }

            connection.StateChanged += OnConnectionStateChanged;
            _connections[i] = connection;
        }

        _status = Aggregate(_connections.Select(c => c.State).ToArray(), _source, null, timeProvider.GetUtcNow());
    }

    /// <summary>Raised (on any thread, in order) whenever <see cref="Status"/> changes. Handlers must not block.</summary>
    public event Action<FeedStatus>? StatusChanged;

    /// <summary>The feed's aggregate status.</summary>
    public FeedStatus Status => Volatile.Read(ref _status);

    /// <summary>Number of sockets.</summary>
    public int SocketCount => _connections.Length;

    /// <summary>Instruments one socket may carry (<see cref="FeedOptions.MaxInstrumentsPerConnection"/>).</summary>
    public int MaxInstrumentsPerSocket { get; }

    /// <summary>The sockets (index = socket number).</summary>
    public IReadOnlyList<UpstreamConnection> Connections => _connections;

    /// <summary>
    /// Sets the listener told about every session start and end (the subscription synchronizer). Call it
    /// before the service starts; it breaks the construction cycle sender ↔ listener.
    /// </summary>
    /// <exception cref="InvalidOperationException">The service already started.</exception>
    public void AttachSessionListener(IUpstreamSessionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Attach the session listener before the upstream pool starts.");
        }

        foreach (var connection in _connections)
        {
            connection.SessionListener = listener;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TrySendAsync(int socket, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        (uint)socket < (uint)_connections.Length
            ? _connections[socket].TrySendAsync(request, cancellationToken)
            : ValueTask.FromResult(false);

    /// <summary>Every socket's status, by index.</summary>
    public IReadOnlyList<UpstreamSocketStatus> GetSocketStatuses() => [.. _connections.Select(c => c.GetStatus())];

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _started, 1);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        Dispose();
    }

    /// <summary>The aggregate of the sockets' states (see the type's remarks).</summary>
    internal static FeedStatus Aggregate(IReadOnlyList<UpstreamState> sockets, string source, FeedStatus? previous, DateTimeOffset now)
    {
        var worst = 0;
        for (var i = 1; i < sockets.Count; i++)
        {
            if (Severity(sockets[i].State) > Severity(sockets[worst].State))
            {
                worst = i;
            }
        }

        var state = sockets[worst].State;
        var reason = state == FeedState.Connected ? null : sockets[worst].Reason;
        if (reason is not null && sockets.Count > 1)
        {
            reason = $"socket {worst}: {reason}";
        }

        var since = previous is not null && previous.State == state ? previous.Since : now;
        return new FeedStatus(state, reason, source, since);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_connections.Select(c => c.RunAsync(stoppingToken)));

    private static int Severity(FeedState state) => state switch
    {
        FeedState.Connected => 0,
        FeedState.Connecting => 1,
        FeedState.Reconnecting => 2,
        FeedState.Stale => 3,
        FeedState.Evicted => 4,
        FeedState.NoCredentials => 5,
        FeedState.CredentialsRejected => 6,
        FeedState.Stopped => -1,
        _ => 2,
    };

    private void OnConnectionStateChanged(UpstreamConnection connection)
    {
        lock (_statusLock)
        {
            var previous = _status;
            var states = new UpstreamState[_connections.Length];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = _connections[i].State;
            }

            var next = Aggregate(states, _source, previous, _timeProvider.GetUtcNow());
            if (next.State == previous.State && next.Reason == previous.Reason)
            {
                return;
            }

            Volatile.Write(ref _status, next);
            Log.StatusChanged(_logger, next.State, next.Reason ?? "-");

            // Raised under the lock so observers see changes in order; handlers must not block (documented).
            try
            {
                StatusChanged?.Invoke(next);
            }
            catch (Exception ex)
            {
                // A faulty observer must not take a socket's reconnect loop down with it.
                Log.StatusHandlerFailed(_logger, ex);
            }
        }
    }
}
