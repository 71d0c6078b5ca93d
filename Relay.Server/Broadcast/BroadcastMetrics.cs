using System.Diagnostics.Metrics;

namespace Relay.Server.Broadcast;

/// <summary>
/// The broadcaster's counters, published on the <see cref="MeterName"/> meter. Counts are plain fields read by
/// observable instruments, so the hot path pays an interlocked add and nothing per listener.
/// </summary>
internal sealed class BroadcastMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Relay.Broadcast";

    private static readonly DropReason[] DropReasons = Enum.GetValues<DropReason>();
    private static readonly AbortReason[] AbortReasons = Enum.GetValues<AbortReason>();

    private readonly Meter _meter;
    private readonly Histogram<double> _latency;
    private readonly long[] _dropped = new long[DropReasons.Length];
    private readonly long[] _aborted = new long[AbortReasons.Length];
    private long _updatesIn;
    private long _conflated;
    private long _published;
    private long _messagesOut;
    private long _caughtUp;
    private int _maxPendingWrites;

    /// <summary>Creates the meter and its instruments.</summary>
    public BroadcastMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("relay.broadcast.updates_in", () => Volatile.Read(ref _updatesIn), "{update}", "Update notifications received from the upstream loop.");
        _meter.CreateObservableCounter("relay.broadcast.conflated", () => Volatile.Read(ref _conflated), "{update}", "Updates folded into a newer value of the same instrument before being sent.");
        _meter.CreateObservableCounter("relay.broadcast.published", () => Volatile.Read(ref _published), "{update}", "Instrument updates sent out after conflation.");
        _meter.CreateObservableCounter("relay.broadcast.messages_out", () => Volatile.Read(ref _messagesOut), "{message}", "Messages handed to clients.");
        _meter.CreateObservableCounter("relay.broadcast.dropped", ObserveDropped, "{message}", "Messages not delivered to a slow client, by reason.");
        _meter.CreateObservableCounter("relay.broadcast.caught_up", () => Volatile.Read(ref _caughtUp), "{message}", "Newest values re-sent to clients that had dropped updates at their pending cap, once they drained.");
        _meter.CreateObservableCounter("relay.broadcast.aborted", ObserveAborted, "{connection}", "Laggard clients disconnected, by reason.");
        _latency = _meter.CreateHistogram<double>("relay.broadcast.latency", "ms", "From the upstream packet's arrival to the broadcaster sending it.");
    }

    /// <summary>One update notification arrived.</summary>
    public void UpdateIn() => Interlocked.Increment(ref _updatesIn);

    /// <summary>One notification was folded into a pending one.</summary>
    public void Conflated() => Interlocked.Increment(ref _conflated);

    /// <summary>One instrument update was sent to <paramref name="messages"/> clients, <paramref name="latencyMs"/> after it arrived.</summary>
    public void Published(int messages, double latencyMs)
    {
        Interlocked.Increment(ref _published);
        if (messages > 0)
        {
            Interlocked.Add(ref _messagesOut, messages);
        }

        _latency.Record(latencyMs);
    }

    /// <summary>Messages outside instrument updates (status) were handed to clients.</summary>
    public void MessagesOut(int messages) => Interlocked.Add(ref _messagesOut, messages);

    /// <summary><paramref name="messages"/> newest values were re-sent to a client that had dropped them.</summary>
    public void CaughtUp(int messages)
    {
        if (messages > 0)
        {
            Interlocked.Add(ref _caughtUp, messages);
            Interlocked.Add(ref _messagesOut, messages);
        }
    }

    /// <summary>One message was dropped for one client.</summary>
    public void Dropped(DropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    /// <summary>One laggard was disconnected.</summary>
    public void Aborted(AbortReason reason) => Interlocked.Increment(ref _aborted[(int)reason]);

    /// <summary>Records a connection's pending-write count, keeping the maximum.</summary>
    public void ObservePendingWrites(int pending)
    {
        var current = Volatile.Read(ref _maxPendingWrites);
        while (pending > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxPendingWrites, pending, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>A copy of every counter.</summary>
    public BroadcastStats Snapshot() => new(
        Volatile.Read(ref _updatesIn),
        Volatile.Read(ref _conflated),
        Volatile.Read(ref _published),
        Volatile.Read(ref _messagesOut),
        DropReasons.ToDictionary(r => r, r => Volatile.Read(ref _dropped[(int)r])),
        AbortReasons.ToDictionary(r => r, r => Volatile.Read(ref _aborted[(int)r])),
        Volatile.Read(ref _maxPendingWrites),
        Volatile.Read(ref _caughtUp));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static string Tag(DropReason reason) => reason switch
    {
        DropReason.PendingCap => "pending-cap",
        DropReason.CompatTickerOutboxFull => "ws-ticker-outbox-full",
        DropReason.CompatControlOutboxFull => "ws-control-outbox-full",
        _ => "other",
    };

    private static string Tag(AbortReason reason) => reason switch
    {
        AbortReason.StalledTooLong => "stalled-too-long",
        AbortReason.TooManyDrops => "too-many-drops",
        AbortReason.CompatSendTimeout => "ws-send-timeout",
        _ => "other",
    };

    private IEnumerable<Measurement<long>> ObserveDropped()
    {
        foreach (var reason in DropReasons)
        {
            yield return new Measurement<long>(Volatile.Read(ref _dropped[(int)reason]), new KeyValuePair<string, object?>("reason", Tag(reason)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveAborted()
    {
        foreach (var reason in AbortReasons)
        {
            yield return new Measurement<long>(Volatile.Read(ref _aborted[(int)reason]), new KeyValuePair<string, object?>("reason", Tag(reason)));
        }
    }
}
