using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;

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
/// <para>Pending writes are watched by pooled <see cref="PendingWrite"/>s (no allocation per write once the pool is
/// warm). An update dropped at the cap is remembered per (instrument, mode); when the pending writes fall back to half
/// the cap, the connection is queued on the <see cref="CatchUpQueue"/> and the broadcaster re-sends the newest state
/// of what it missed, unless a newer update reached it first. Owed updates are touched only by the broadcaster
/// loop.</para>
/// </remarks>
internal sealed partial class HubSubscriber : Subscriber
{
    private readonly HubConnectionContext _connection;
    private readonly BroadcastOptions _options;
    private readonly BroadcastMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CatchUpQueue? _catchUp;
    private readonly int _catchUpAt;
    private readonly Lock _poolLock = new();
    private readonly Stack<PendingWrite> _pool = new();
    private Dictionary<InstrumentSubscribers, ModeSet>? _owed;
    private int _owes;
    private int _catchUpQueued;
    private int _pendingWrites;
    private int _consecutiveDrops;
    private long _stallStartedAt;
    private int _aborted;

    /// <summary>Wraps <paramref name="connection"/>.</summary>
    public HubSubscriber(HubConnectionContext connection, BroadcastOptions options, BroadcastMetrics metrics, TimeProvider timeProvider, ILogger logger, CatchUpQueue? catchUp = null)
        : base(connection.ConnectionId)
    {
        _connection = connection;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _catchUp = catchUp;
        _catchUpAt = options.MaxPendingWritesPerConnection / 2;
    }

    /// <summary>Writes started but not yet accepted by the transport.</summary>
    public int PendingWrites => Volatile.Read(ref _pendingWrites);

    /// <summary>True once this connection was aborted as a laggard.</summary>
    public bool WasAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Instruments (with their modes) whose update was dropped and not yet re-sent. Broadcaster loop only.</summary>
    public int OwedInstruments => _owed?.Count ?? 0;

    /// <summary>
    /// Starts writing a message that is not an instrument update (a status) without waiting for it. False when it
    /// was dropped (the connection is at its pending cap, or gone).
    /// </summary>
    public bool TrySend(SerializedHubMessage message) => TrySend(message, null, FeedMode.Ticker);

    /// <summary>
    /// Starts writing <paramref name="instrument"/>'s <paramref name="mode"/> update without waiting for it. False
    /// when it was dropped (the connection is at its pending cap, or gone); a drop at the cap is remembered and made
    /// good once the connection drains. Called by the broadcaster loop only.
    /// </summary>
    public bool TrySend(SerializedHubMessage message, InstrumentSubscribers? instrument, FeedMode mode)
    {
        if (Volatile.Read(ref _pendingWrites) >= _options.MaxPendingWritesPerConnection)
        {
            if (instrument is not null)
            {
                Owe(instrument, mode);
            }

            OnDropped();
            return false;
        }

        _consecutiveDrops = 0;
        if (instrument is not null && _owed is { Count: > 0 })
        {
            Settle(instrument, mode);
        }

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
        RentWatcher().Watch(write);
        return true;
    }

    /// <summary>
    /// Moves the owed updates into <paramref name="destination"/> and forgets them (the broadcaster is about to re-send
    /// them). Broadcaster loop only.
    /// </summary>
    public void TakeOwed(List<KeyValuePair<InstrumentSubscribers, ModeSet>> destination)
    {
        Volatile.Write(ref _catchUpQueued, 0);
        if (_owed is not { Count: > 0 } owed)
        {
            return;
        }

        destination.AddRange(owed);
        owed.Clear();
        Volatile.Write(ref _owes, 0);
    }

    /// <summary>A pending write completed (any thread).</summary>
    internal void OnWriteCompleted(PendingWrite watcher)
    {
        lock (_poolLock)
        {
            _pool.Push(watcher);
        }

        var left = Interlocked.Decrement(ref _pendingWrites);
        if (left == _catchUpAt && Volatile.Read(ref _owes) != 0)
        {
            QueueCatchUp();
        }
    }

    private PendingWrite RentWatcher()
    {
        lock (_poolLock)
        {
            if (_pool.TryPop(out var watcher))
            {
                return watcher;
            }
        }

        return new PendingWrite(this);
    }

    private void Owe(InstrumentSubscribers instrument, FeedMode mode)
    {
        if (_catchUp is null)
        {
            return;
        }

        var owed = _owed ??= [];
        owed[instrument] = owed.GetValueOrDefault(instrument).With(mode);
        if (Volatile.Read(ref _owes) == 0)
        {
            Volatile.Write(ref _owes, 1);

            // The writes may have drained past the catch-up mark before the flag was set.
            if (Volatile.Read(ref _pendingWrites) <= _catchUpAt)
            {
                QueueCatchUp();
            }
        }
    }

    private void Settle(InstrumentSubscribers instrument, FeedMode mode)
    {
        var owed = _owed!;
        if (!owed.TryGetValue(instrument, out var modes))
        {
            return;
        }

        modes = modes.Without(mode);
        if (modes.IsEmpty)
        {
            owed.Remove(instrument);
            if (owed.Count == 0)
            {
                Volatile.Write(ref _owes, 0);
            }
        }
        else
        {
            owed[instrument] = modes;
        }
    }

    private void QueueCatchUp()
    {
        if (!IsClosed && !WasAborted && Interlocked.CompareExchange(ref _catchUpQueued, 1, 0) == 0)
        {
            _catchUp!.Enqueue(this);
        }
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
