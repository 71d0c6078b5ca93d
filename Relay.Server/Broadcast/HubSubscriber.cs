using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Relay.Server.Broadcast;

/// <summary>
/// One SignalR connection of the market hub, with its own bound on pending writes. The broadcaster hands it
/// pre-serialized messages and never awaits it.
/// </summary>
/// <remarks>
/// <see cref="HubConnectionContext.WriteAsync(SerializedHubMessage, CancellationToken)"/> completes synchronously
/// while the transport pipe is below its pause threshold. Once the client stops reading, the pipe fills, the write
/// waits on its flush holding the connection's write lock, and every later write queues behind that lock without
/// bound. We count the writes that did not complete synchronously and stop writing at
/// <see cref="BroadcastOptions.MaxPendingWritesPerConnection"/>: the update is dropped for this connection only.
/// Writes are given the connection's abort token, so aborting a laggard releases its queued writes at once.
/// </remarks>
internal sealed partial class HubSubscriber : Subscriber
{
    private static readonly Action<Task, object?> WriteCompleted = static (task, state) =>
    {
        _ = task.Exception; // Observed: a failed write already aborted the connection inside SignalR.
        Interlocked.Decrement(ref ((HubSubscriber)state!)._pendingWrites);
    };

    private readonly HubConnectionContext _connection;
    private readonly BroadcastOptions _options;
    private readonly BroadcastMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _pendingWrites;
    private int _consecutiveDrops;
    private long _stallStartedAt;
    private int _aborted;

    /// <summary>Wraps <paramref name="connection"/>.</summary>
    public HubSubscriber(HubConnectionContext connection, BroadcastOptions options, BroadcastMetrics metrics, TimeProvider timeProvider, ILogger logger)
        : base(connection.ConnectionId)
    {
        _connection = connection;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Writes started but not yet accepted by the transport.</summary>
    public int PendingWrites => Volatile.Read(ref _pendingWrites);

    /// <summary>True once this connection was aborted as a laggard.</summary>
    public bool WasAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>
    /// Starts writing <paramref name="message"/> without waiting for it. False when the message was dropped
    /// (the connection is at its pending cap, or gone). Called by the broadcaster loop (and once at shutdown).
    /// </summary>
    public bool TrySend(SerializedHubMessage message)
    {
        if (Volatile.Read(ref _pendingWrites) >= _options.MaxPendingWritesPerConnection)
        {
            OnDropped();
            return false;
        }

        _consecutiveDrops = 0;
        ValueTask write;
        try
        {
            write = _connection.WriteAsync(message, _connection.ConnectionAborted);
        }
        catch (OperationCanceledException)
        {
            return false; // Aborted: the write lock's Wait(0, token) throws on a cancelled token.
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return true;
        }

        var pending = Interlocked.Increment(ref _pendingWrites);
        _metrics.ObservePendingWrites(pending);
        write.AsTask().ContinueWith(WriteCompleted, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private void OnDropped()
    {
        _metrics.Dropped(DropReason.PendingCap);
        if (_consecutiveDrops++ == 0)
        {
            _stallStartedAt = _timeProvider.GetTimestamp();
            Log.Lagging(_logger, ConnectionId, _options.MaxPendingWritesPerConnection);
            return;
        }

        AbortReason reason;
        if (_consecutiveDrops >= _options.AbortAfterConsecutiveDrops)
        {
            reason = AbortReason.TooManyDrops;
        }
        else if (_timeProvider.GetElapsedTime(_stallStartedAt) >= _options.StallAbortAfter)
        {
            reason = AbortReason.StalledTooLong;
        }
        else
        {
            return;
        }

        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _metrics.Aborted(reason);
            Log.AbortingLaggard(_logger, ConnectionId, reason, _consecutiveDrops, _timeProvider.GetElapsedTime(_stallStartedAt).TotalMilliseconds);
            _connection.Abort();

            // Abort() alone leaves the transport stuck in its socket send (the client reads nothing) until SignalR's
            // transport send timeout; SignalR's close message even queues behind it. Resetting the HTTP connection
            // ends it now, so the disconnect (and the release of the client's instruments) follows at once.
            _connection.GetHttpContext()?.Abort();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Connection {ConnectionId} has {PendingWrites} writes pending; dropping its updates until it catches up.")]
        public static partial void Lagging(ILogger logger, string connectionId, int pendingWrites);

        [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Aborting laggard connection {ConnectionId} ({Reason}): {Drops} updates dropped in a row over {StalledMs:F0} ms.")]
        public static partial void AbortingLaggard(ILogger logger, string connectionId, AbortReason reason, int drops, double stalledMs);
    }
}
