using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Upstream;

namespace Relay.Core.Subscriptions;

/// <summary>
/// Keeps the upstream sockets' subscriptions equal to the <see cref="SubscriptionSet"/>: a coalescing sender loop,
/// a full replay when a socket starts a session, and a reconciliation that repairs drift.
/// </summary>
/// <remarks>
/// <para>
/// Per socket it tracks what was actually sent on the current session (instrument → modes), which is what the
/// upstream believes. Every send is a diff between the desired placement and that state, so changes that cancel out
/// within a window send nothing, and a send that failed is retried by the next replay or reconciliation.
/// Requests go out only on sockets with an active session (between <see cref="OnSessionStartedAsync"/> and
/// <see cref="OnSessionEnded"/>); the replay on session start covers everything in between.
/// </para>
/// <para>
/// Flushes, replays and reconciliations are serialised by one async gate; the state lock is never held across an
/// await and the set's lock is never held during I/O. The socket layer must not hold a lock that its
/// <c>TrySendAsync</c> needs while it awaits <see cref="OnSessionStartedAsync"/>.
/// </para>
/// </remarks>
internal sealed partial class UpstreamSynchronizer : BackgroundService, IUpstreamSessionListener
{
    private const int Inactive = -1;

    private readonly SubscriptionSet _set;
    private readonly IUpstreamRequestSender _sender;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UpstreamSynchronizer> _logger;
    private readonly TimeSpan _coalesceWindow;
    private readonly TimeSpan _reconcileInterval;

    // Serialises everything that drains or sends: flushes, replays and reconciliations never interleave, so the sent
    // state only changes under it (or is cleared by OnSessionEnded, which bumps the epoch).
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DesiredSetSnapshot _reconcileSnapshot = new(); // Refilled by each reconciliation, under _gate.

    // Guards _sockets. Held only for in-memory work, never across an await.
    private readonly Lock _stateLock = new();
    private readonly SocketState[] _sockets;

    // Wake-up signal for the flush loop. Bounded to 1 with DropWrite: a dropped write only means a wake-up is already
    // pending, and the flush it triggers drains every change, so nothing is lost and there is nothing to count.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _requestsSent;
    private long _instrumentsSubscribed;
    private long _instrumentsUnsubscribed;
    private long _sendFailures;
    private long _replays;
    private long _reconciliations;
    private long _repairs;
    private long _capacityDeferrals;
    private long _ambiguousSends;

    /// <summary>Creates the synchronizer and starts listening to <paramref name="set"/>'s changes.</summary>
    /// <param name="set">The desired set; its socket count and cap are the upstream's.</param>
    /// <param name="sender">The socket layer.</param>
    /// <param name="options">Coalescing window and reconciliation interval.</param>
    /// <param name="timeProvider">Time for the window and the periodic reconciliation.</param>
    /// <param name="logger">The logger.</param>
    public UpstreamSynchronizer(
        SubscriptionSet set,
        IUpstreamRequestSender sender,
        IOptions<SubscriptionOptions> options,
        TimeProvider timeProvider,
        ILogger<UpstreamSynchronizer> logger)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _set = set;
        _sender = sender;
        _timeProvider = timeProvider;
        _logger = logger;
        _coalesceWindow = options.Value.CoalesceWindow;
        _reconcileInterval = options.Value.ReconcileInterval;
        _sockets = new SocketState[set.MaxSockets];
        for (var socket = 0; socket < _sockets.Length; socket++)
        {
            _sockets[socket] = new SocketState();
        }

        _set.Changed += OnSetChanged;
    }

    /// <summary>What has been sent, failed and repaired since start.</summary>
    public SynchronizerCounters Counters => new(
        Interlocked.Read(ref _requestsSent),
        Interlocked.Read(ref _instrumentsSubscribed),
        Interlocked.Read(ref _instrumentsUnsubscribed),
        Interlocked.Read(ref _sendFailures),
        Interlocked.Read(ref _replays),
        Interlocked.Read(ref _reconciliations),
        Interlocked.Read(ref _repairs),
        Interlocked.Read(ref _capacityDeferrals),
        Interlocked.Read(ref _ambiguousSends));

    /// <summary>
    /// Sends the changes accumulated since the last flush now: unsubscribes that free room first, then subscribes,
    /// then the unsubscribes of superseded modes, in requests of at most 100 instruments. The sender loop calls this
    /// once per coalescing window; tests and shutdown paths may call it directly.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changes = _set.DrainPendingChanges();
            if (changes.Count == 0)
            {
                return;
            }

            var plan = new RequestPlan();
            var epochs = new int[_sockets.Length];
            lock (_stateLock)
            {
                CaptureEpochsLocked(epochs);
                foreach (var change in changes)
                {
                    for (var socket = 0; socket < _sockets.Length; socket++)
                    {
                        if (epochs[socket] != Inactive)
                        {
                            _sockets[socket].Sent.TryGetValue(change.Instrument, out var sentMask);
                            plan.AddDiff(socket, change.Instrument, sentMask, change.ModeOn(socket));
                        }
                    }
                }
            }

            if (!plan.IsEmpty)
            {
                var requests = await SendPlanAsync(plan, epochs, cancellationToken);
                LogFlushed(changes.Count, requests);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Compares the desired set with what was sent on every active socket and sends what repairs the difference.
    /// Instruments with changes not yet flushed are left to the flush. Safe to run at any time.
    /// </summary>
    /// <returns>The (socket, instrument) pairs found out of step, also added to <see cref="SynchronizerCounters.Repairs"/>.</returns>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _reconcileSnapshot; // Ours while the gate is held.
            _set.SnapshotDesired(snapshot);
            var plan = new RequestPlan();
            var epochs = new int[_sockets.Length];
            var drift = 0;
            lock (_stateLock)
            {
                CaptureEpochsLocked(epochs);
                for (var socket = 0; socket < _sockets.Length; socket++)
                {
                    if (epochs[socket] == Inactive)
                    {
                        continue;
                    }

                    // Sent here but not wanted here, or in the wrong mode.
                    foreach (var (instrument, sentMask) in _sockets[socket].Sent)
                    {
                        if (!snapshot.Pending.Contains(instrument))
                        {
                            var desired = snapshot.Placements.TryGetValue(instrument, out var placement) ? placement.ModeOn(socket) : null;
                            drift += plan.AddDiff(socket, instrument, sentMask, desired) ? 1 : 0;
                        }
                    }
                }

                // Wanted but never sent.
                foreach (var placement in snapshot.Placements.Values)
                {
                    if (epochs[placement.Socket] != Inactive
                        && !snapshot.Pending.Contains(placement.Instrument)
                        && !_sockets[placement.Socket].Sent.ContainsKey(placement.Instrument))
                    {
                        drift += plan.AddDiff(placement.Socket, placement.Instrument, 0, placement.Mode) ? 1 : 0;
                    }
                }
            }

            Interlocked.Increment(ref _reconciliations);
            if (drift > 0)
            {
                Interlocked.Add(ref _repairs, drift);
                LogDriftFound(drift);
                await SendPlanAsync(plan, epochs, cancellationToken);
            }

            return drift;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Socket <paramref name="socket"/> opened a new session holding nothing: forgets what was sent on it and replays
    /// the socket's whole desired set in requests of at most 100 before returning. Requests go out on the socket only
    /// after this.
    /// </summary>
    public async ValueTask OnSessionStartedAsync(int socket, CancellationToken cancellationToken)
    {
        ValidateSocket(socket);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var epochs = new int[_sockets.Length];
            Array.Fill(epochs, Inactive);
            Dictionary<InstrumentKey, byte> ambiguous;
            lock (_stateLock)
            {
                var state = _sockets[socket];
                state.Active = true;
                state.Epoch++;
                state.Sent.Clear();
                epochs[socket] = state.Epoch;
                ambiguous = state.Ambiguous;
                state.Ambiguous = [];
            }

            var desired = _set.SnapshotSocket(socket);
            var plan = new RequestPlan();
            foreach (var placement in desired)
            {
                plan.AddDiff(socket, placement.Instrument, 0, placement.Mode);
            }

            // Subscribes that may have reached this session before it was announced: unsubscribe the modes it does
            // not want. Release-phase unsubscribes go before the replay's subscribes, so the cap holds.
            if (ambiguous.Count > 0)
            {
                var wanted = desired.ToDictionary(p => p.Instrument, p => FeedModeMask.Bit(p.Mode));
                foreach (var (instrument, mask) in ambiguous)
                {
                    wanted.TryGetValue(instrument, out var keep);
                    plan.AddDiff(socket, instrument, (byte)(mask & ~keep), null);
                }
            }

            var requests = await SendPlanAsync(plan, epochs, cancellationToken);
            Interlocked.Increment(ref _replays);
            LogReplayed(socket, desired.Count, requests);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Socket <paramref name="socket"/> lost its session: what was sent on it is gone, and nothing is sent on it until the next session.</summary>
    public void OnSessionEnded(int socket)
    {
        ValidateSocket(socket);
        lock (_stateLock)
        {
            var state = _sockets[socket];
            state.Active = false;
            state.Epoch++;
            state.Sent.Clear();
        }

        LogSessionEnded(socket);
    }

    /// <summary>Per socket: whether a session is active and how many instruments were sent on it.</summary>
    public IReadOnlyList<UpstreamSocketState> GetSocketStates()
    {
        lock (_stateLock)
        {
            var states = new UpstreamSocketState[_sockets.Length];
            for (var socket = 0; socket < _sockets.Length; socket++)
            {
                states[socket] = new UpstreamSocketState(socket, _sockets[socket].Active, _sockets[socket].Sent.Count);
            }

            return states;
        }
    }

    /// <summary>What the upstream holds on <paramref name="socket"/> as far as this synchronizer knows: one item per (instrument, mode).</summary>
    public IReadOnlyList<InstrumentMode> GetSentState(int socket)
    {
        ValidateSocket(socket);
        lock (_stateLock)
        {
            var result = new List<InstrumentMode>(_sockets[socket].Sent.Count);
            foreach (var (instrument, mask) in _sockets[socket].Sent)
            {
                foreach (var mode in FeedModeMask.RichestFirst)
                {
                    if (FeedModeMask.Contains(mask, mode))
                    {
                        result.Add(new InstrumentMode(instrument, mode));
                    }
                }
            }

            return result;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _set.Changed -= OnSetChanged;
        base.Dispose();
        _gate.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunFlushLoopAsync(stoppingToken), RunReconcileLoopAsync(stoppingToken));

    private void OnSetChanged() => _wake.Writer.TryWrite(true);

    private void ValidateSocket(int socket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(socket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(socket, _sockets.Length);
    }

    private void CaptureEpochsLocked(int[] epochs)
    {
        for (var socket = 0; socket < _sockets.Length; socket++)
        {
            epochs[socket] = _sockets[socket].Active ? _sockets[socket].Epoch : Inactive;
        }
    }

    private bool IsCurrentLocked(int socket, int epoch) => epoch != Inactive && _sockets[socket].Active && _sockets[socket].Epoch == epoch;

    private sealed class SocketState
    {
        // Instrument → modes sent on this session (FeedModeMask bits). Normally one mode; two only between the
        // subscribe and the unsubscribe of a mode change.
        public Dictionary<InstrumentKey, byte> Sent { get; } = [];

        // Instrument → modes whose subscribe was accepted after this socket's session had ended: they may have
        // reached the next session. Cleaned up by that session's replay.
        public Dictionary<InstrumentKey, byte> Ambiguous { get; set; } = [];

        public bool Active { get; set; }

        // Bumped on every session start and end, so a send that straddles a session end is not recorded.
        public int Epoch { get; set; }
    }
}
