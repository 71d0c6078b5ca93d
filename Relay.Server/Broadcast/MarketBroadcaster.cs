using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Compat;
using Relay.Server.Hubs;
using Relay.Server.Market;

namespace Relay.Server.Broadcast;

/// <summary>
/// Fans market updates out to clients. The upstream loop calls <see cref="OnUpdated"/>, which only marks the
/// instrument dirty; one background loop sends each dirty instrument's newest state once per group.
/// </summary>
/// <remarks>
/// <para>Conflation: an instrument is queued only on its clean → dirty transition, so the queue never holds more
/// entries than there are subscribed instruments, and whatever the upstream sent meanwhile is read back as one newest
/// snapshot ("newest value wins", counted as <c>conflated</c>).</para>
/// <para>Fan-out: per dirty instrument the snapshot is read once, prices converted once, and for each non-empty
/// (instrument, mode) group one message is built and serialized at most once per protocol
/// (<see cref="SerializedHubMessage"/> caches the JSON and MessagePack bytes), then handed to each member without
/// awaiting it (<see cref="HubSubscriber.TrySend"/>). <c>/ws</c> sockets get one shared ticker payload through
/// their bounded outboxes.</para>
/// <para>Which kinds reach which groups: Ticker groups (and <c>/ws</c>) get updates that carry a price (ticker, quote,
/// full packets); Quote and Full groups also get OI and previous-close updates.</para>
/// </remarks>
internal sealed partial class MarketBroadcaster : BackgroundService, IMarketUpdateSink
{
    private const int PriceKinds = (1 << (int)MarketUpdateKind.Ticker) | (1 << (int)MarketUpdateKind.Quote) | (1 << (int)MarketUpdateKind.Full);

    private readonly SubscriberRegistry _registry;
    private readonly IMarketStateReader _state;
    private readonly IMarketFeed _feed;
    private readonly MarketUpdateFanout? _fanout;
    private readonly CatchUpQueue? _catchUp;
    private IDisposable? _attachment;
    private readonly BroadcastMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly BroadcastOptions _options;
    private readonly ILogger<MarketBroadcaster> _logger;
    // Dirty instruments, drained by the loop's own thread. Unbounded in type, bounded in fact: an instrument is queued
    // only on its clean -> dirty transition, so it holds at most one entry per subscribed instrument (plus sentinels).
    private readonly ConcurrentQueue<InstrumentSubscribers> _dirty = new();

    // Wakes the loop's thread when it sleeps on an empty queue (set only by the writer that finds it asleep).
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 1);
    private int _sleeping;

    // A sentinel entry: queued (with the same dirty flag) when the feed status changed; the newest status wins.
    private readonly InstrumentSubscribers _statusEntry = new(new InstrumentKey(ExchangeSegment.IDX_I, uint.MaxValue));

    // Another sentinel: queued when connections that dropped updates at their cap have drained (CatchUpQueue).
    private readonly InstrumentSubscribers _catchUpEntry = new(new InstrumentKey(ExchangeSegment.IDX_I, uint.MaxValue - 1));
    private readonly List<KeyValuePair<InstrumentSubscribers, ModeSet>> _owed = [];
    private readonly ArrayBufferWriter<byte> _tickerBuffer = new(256);
    private CancellationTokenRegistration _stoppingRegistration;
    private FeedStatus? _pendingStatus;
    private volatile bool _stopping;
    private int _queued; // ConcurrentQueue.Count is not free.

    /// <summary>Creates the broadcaster.</summary>
    public MarketBroadcaster(
        SubscriberRegistry registry,
        IMarketStateReader state,
        IMarketFeed feed,
        BroadcastMetrics metrics,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        IOptions<BroadcastOptions> options,
        ILogger<MarketBroadcaster> logger,
        MarketUpdateFanout? fanout = null,
        CatchUpQueue? catchUp = null)
    {
        _fanout = fanout;
        _catchUp = catchUp;
        _registry = registry;
        _state = state;
        _feed = feed;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Instruments waiting to be sent (bounded by the number of subscribed instruments, plus one for status).</summary>
    public int QueuedInstruments => Volatile.Read(ref _queued);

    /// <inheritdoc />
    /// <remarks>Called on the upstream receive loop: never blocks, never awaits, never throws, allocates nothing.</remarks>
    public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind)
    {
        _metrics.UpdateIn();
        if (_registry.TryGetInstrument(instrument, out var entry))
        {
            MarkDirty(entry, 1 << (int)kind);
        }
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _feed.StatusChanged += OnStatusChanged;
        _attachment = _fanout?.Attach(this);
        _catchUp?.Attach(OnCatchUpQueued);

        // Registered after SignalR's connection manager, so it runs before SignalR closes the connections
        // (cancellation callbacks run last-registered first).
        _stoppingRegistration = _lifetime.ApplicationStopping.Register(static state => ((MarketBroadcaster)state!).OnApplicationStopping(), this);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _feed.StatusChanged -= OnStatusChanged;
        _attachment?.Dispose();
        _catchUp?.Detach();
        await _stoppingRegistration.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _wake.Dispose();
    }

    /// <inheritdoc />
    /// <remarks>
    /// The loop runs on a thread of its own, not on the thread pool: under load the pool's queue is full of socket
    /// completions of every client connection, and a loop continuation queued behind them would add their wait to
    /// every price. A dedicated thread is woken by the OS as soon as an instrument turns dirty.
    /// </remarks>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunLoop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private void RunLoop(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "Relay broadcaster";
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (_dirty.TryDequeue(out var entry))
                {
                    Interlocked.Decrement(ref _queued);
                    try
                    {
                        if (ReferenceEquals(entry, _statusEntry))
                        {
                            Interlocked.Exchange(ref entry.PendingKinds, 0);
                            if (Interlocked.Exchange(ref _pendingStatus, null) is { } status && !_stopping)
                            {
                                SendStatus(status);
                            }
                        }
                        else if (ReferenceEquals(entry, _catchUpEntry))
                        {
                            Interlocked.Exchange(ref entry.PendingKinds, 0);
                            CatchUp();
                        }
                        else
                        {
                            Publish(entry);
                        }
                    }
                    catch (Exception ex)
                    {
                        // One bad update must not stop every client's feed.
                        Log.PublishFailed(_logger, entry.Instrument.ToString(), ex);
                    }
                }

                // Sleep until a writer finds the loop asleep. The fence orders "asleep" before the emptiness check,
                // and a writer enqueues (a full fence) before it reads "asleep": one of the two always sees the other.
                _wake.Reset();
                Volatile.Write(ref _sleeping, 1);
                Interlocked.MemoryBarrier();
                if (_dirty.IsEmpty)
                {
                    _wake.Wait(stoppingToken);
                }

                Volatile.Write(ref _sleeping, 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void MarkDirty(InstrumentSubscribers entry, int kindBit)
    {
        if (Interlocked.Or(ref entry.PendingKinds, kindBit) == 0)
        {
            Enqueue(entry);
        }
        else
        {
            _metrics.Conflated();
        }
    }

    private void Enqueue(InstrumentSubscribers entry)
    {
        Interlocked.Increment(ref _queued);
        _dirty.Enqueue(entry);
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            _wake.Set();
        }
    }

    private void OnStatusChanged(FeedStatus status)
    {
        try
        {
            Volatile.Write(ref _pendingStatus, status);
            if (Interlocked.Or(ref _statusEntry.PendingKinds, 1) == 0)
            {
                Enqueue(_statusEntry);
            }
        }
        catch (Exception ex)
        {
            // Raised on the engine's thread: never throw back into it.
            Log.StatusFailed(_logger, ex);
        }
    }

    private void OnCatchUpQueued()
    {
        if (Interlocked.Or(ref _catchUpEntry.PendingKinds, 1) == 0)
        {
            Enqueue(_catchUpEntry);
        }
    }

    /// <summary>Re-sends to each drained connection the newest state of every (instrument, mode) it had dropped.</summary>
    private void CatchUp()
    {
        while (_catchUp!.TryDequeue(out var subscriber))
        {
            _owed.Clear();
            subscriber.TakeOwed(_owed);
            if (subscriber.IsClosed || subscriber.WasAborted || _stopping)
            {
                continue;
            }

            var sent = 0;
            foreach (var (entry, modes) in _owed)
            {
                if (!_state.TryGet(entry.Instrument, out var snapshot))
                {
                    continue;
                }

                sent += CatchUp(subscriber, entry, modes, FeedMode.Ticker, in snapshot);
                sent += CatchUp(subscriber, entry, modes, FeedMode.Quote, in snapshot);
                sent += CatchUp(subscriber, entry, modes, FeedMode.Full, in snapshot);
            }

            _metrics.CaughtUp(sent);
        }

        _owed.Clear();
    }

    private static int CatchUp(HubSubscriber subscriber, InstrumentSubscribers entry, ModeSet modes, FeedMode mode, in MarketSnapshot snapshot)
    {
        // Only while the connection still holds the instrument in that mode.
        if (!modes.Contains(mode) || Array.IndexOf(entry.Members(mode), subscriber) < 0)
        {
            return 0;
        }

        var message = mode switch
        {
            FeedMode.Ticker => TickFor(entry, in snapshot),
            FeedMode.Quote => QuoteFor(entry, in snapshot, QuotePrices.From(snapshot)),
            _ => FullFor(entry, in snapshot, QuotePrices.From(snapshot)),
        };
        return subscriber.TrySend(message, entry, mode) ? 1 : 0;
    }

    private void Publish(InstrumentSubscribers entry)
    {
        var kinds = Interlocked.Exchange(ref entry.PendingKinds, 0);
        if (kinds == 0 || !_state.TryGet(entry.Instrument, out var snapshot, out var version))
        {
            return;
        }

        // The state is read when sending, so an update applied but not yet notified already went out with the
        // previous publish; its own notification then finds the same version and has nothing new to send.
        if (version != 0 && version == entry.SentVersion && (kinds & ~entry.SentKinds) == 0)
        {
            _metrics.Conflated();
            return;
        }

        entry.SentVersion = version;
        entry.SentKinds = kinds;

        var sent = 0;
        var hasPrice = (kinds & PriceKinds) != 0;
        if (hasPrice)
        {
            var ticker = entry.Members(FeedMode.Ticker);
            if (ticker.Length > 0)
            {
                sent += SendToGroup(ticker, TickFor(entry, in snapshot), entry, FeedMode.Ticker);
            }

            var compat = entry.CompatMembers;
            if (compat.Length > 0)
            {
                var payload = CompatProtocol.Ticker(_tickerBuffer, entry.Segment, entry.SecurityId, WirePrice.ToDouble(snapshot.Ltp), snapshot.Ltt);
                foreach (var socket in compat)
                {
                    if (socket.Outbox.TryEnqueueTicker(entry.Instrument, payload))
                    {
                        sent++;
                    }
                }
            }
        }

        var quote = entry.Members(FeedMode.Quote);
        var full = entry.Members(FeedMode.Full);
        if (quote.Length > 0 || full.Length > 0)
        {
            var prices = QuotePrices.From(snapshot);
            if (quote.Length > 0)
            {
                sent += SendToGroup(quote, QuoteFor(entry, in snapshot, prices), entry, FeedMode.Quote);
            }

            if (full.Length > 0)
            {
                sent += SendToGroup(full, FullFor(entry, in snapshot, prices), entry, FeedMode.Full);
            }
        }

        var latency = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - snapshot.ReceivedAt;
        _metrics.Published(sent, Math.Max(0, latency));
    }

    // One message per (instrument, mode) send, serialized at most once per protocol by SerializedHubMessage.
    private static SerializedHubMessage TickFor(InstrumentSubscribers entry, in MarketSnapshot snapshot) =>
        new(new InvocationMessage(nameof(IMarketClient.Tick), [MarketMessages.ToTick(snapshot, entry.Segment, entry.SecurityId)]));

    private static SerializedHubMessage QuoteFor(InstrumentSubscribers entry, in MarketSnapshot snapshot, in QuotePrices prices) =>
        new(new InvocationMessage(nameof(IMarketClient.Quote), [MarketMessages.ToQuote(snapshot, prices, entry.Segment, entry.SecurityId)]));

    private static SerializedHubMessage FullFor(InstrumentSubscribers entry, in MarketSnapshot snapshot, in QuotePrices prices) =>
        new(new InvocationMessage(nameof(IMarketClient.Full), [MarketMessages.ToFull(snapshot, prices, entry.Segment, entry.SecurityId)]));

    private static int SendToGroup(HubSubscriber[] members, SerializedHubMessage message, InstrumentSubscribers? instrument = null, FeedMode mode = FeedMode.Ticker)
    {
        var sent = 0;
        foreach (var member in members)
        {
            if (member.TrySend(message, instrument, mode))
            {
                sent++;
            }
        }

        return sent;
    }

    private void SendStatus(FeedStatus status)
    {
        var message = new SerializedHubMessage(new InvocationMessage(nameof(IMarketClient.FeedStatus), [FeedStatusMessages.From(status)]));
        var sent = SendToGroup(_registry.HubSubscribers, message);
        var compatStatus = CompatProtocol.Status(status);
        foreach (var socket in _registry.CompatSubscribers)
        {
            if (socket.Outbox.TryEnqueueControl(compatStatus))
            {
                sent++;
            }
        }

        _metrics.MessagesOut(sent);
        Log.StatusSent(_logger, status.State, sent);
    }

    private void OnApplicationStopping()
    {
        try
        {
            _stopping = true;
            var status = FeedStatusMessages.Stopping(_feed.Status.Source, _timeProvider.GetUtcNow());
            var message = new SerializedHubMessage(new InvocationMessage(nameof(IMarketClient.FeedStatus), [FeedStatusMessages.From(status)]));
            var hubClients = SendToGroup(_registry.HubSubscribers, message);
            var compatStatus = CompatProtocol.Status(status);
            var sockets = 0;
            foreach (var socket in _registry.CompatSubscribers)
            {
                socket.BeginShutdown(compatStatus); // Each /ws session flushes it and closes its socket itself.
                sockets++;
            }

            _metrics.MessagesOut(hubClients + sockets);
            Log.ShutdownSent(_logger, hubClients + sockets);
            if (hubClients > 0 && _options.ShutdownGrace > TimeSpan.Zero)
            {
                // SignalR's own ApplicationStopping callback (which runs right after this one) cancels every
                // transport without draining it; the status written above needs a moment to reach the sockets.
                // Stopping callbacks are synchronous, hence the blocking wait, bounded and only at shutdown.
                Thread.Sleep(_options.ShutdownGrace);
            }
        }
        catch (Exception ex)
        {
            Log.StatusFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Broadcasting {Instrument} failed; continuing with the next update.")]
        public static partial void PublishFailed(ILogger logger, string instrument, Exception exception);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Feed status {State} sent to {Clients} clients.")]
        public static partial void StatusSent(ILogger logger, FeedState state, int clients);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Sending the feed status failed.")]
        public static partial void StatusFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Shutting down: told {Clients} clients the feed is stopping.")]
        public static partial void ShutdownSent(ILogger logger, int clients);
    }
}
