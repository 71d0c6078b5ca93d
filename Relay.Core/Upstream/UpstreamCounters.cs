using System.Diagnostics.Metrics;

namespace Relay.Core.Upstream;

/// <summary>
/// Counters of the upstream sockets: plain totals for the admin API (<see cref="Snapshot"/>) and the
/// <c>Relay.Upstream</c> meter, whose instruments are observable: they read the totals when collected, so
/// the receive loop pays only a few interlocked adds per frame.
/// </summary>
/// <remarks>
/// Instruments: <c>relay.upstream.packets</c> (tag <c>type</c>: ticker, quote, oi, prev_close, full,
/// disconnect, other), <c>relay.upstream.malformed</c>, <c>relay.upstream.text_frames</c>,
/// <c>relay.upstream.reconnects</c>, <c>relay.upstream.connection_attempts</c> (counters) and
/// <c>relay.upstream.packet_rate</c> (gauge, packets per second) and <c>relay.upstream.apply_latency</c> (histogram,
/// ms: from a frame's receipt by the receive loop to its last packet applied to the market state and handed to the
/// broadcaster).
/// </remarks>
internal sealed class UpstreamCounters : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Relay.Upstream";

    private readonly TimeProvider _timeProvider;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly PacketRateWindow _rate = new();
    private readonly Histogram<double> _applyLatency;
    private long _ticker;
    private long _quote;
    private long _openInterest;
    private long _prevClose;
    private long _full;
    private long _disconnect;
    private long _other;
    private long _malformed;
    private long _textFrames;
    private long _reconnects;
    private long _connectionAttempts;
    private long _lastPacketAtUnixMs;

    /// <summary>Creates the counters and their meter (from <paramref name="meterFactory"/> when given, so DI owns it).</summary>
    public UpstreamCounters(TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("relay.upstream.packets", ObservePackets, "{packet}", "Packets received from the upstream feed, by type.");
        _meter.CreateObservableCounter("relay.upstream.malformed", () => Volatile.Read(ref _malformed), "{packet}", "Malformed packets skipped.");
        _meter.CreateObservableCounter("relay.upstream.text_frames", () => Volatile.Read(ref _textFrames), "{frame}", "Unexpected text frames ignored.");
        _meter.CreateObservableCounter("relay.upstream.reconnects", () => Volatile.Read(ref _reconnects), "{reconnect}", "Successful reconnects.");
        _meter.CreateObservableCounter("relay.upstream.connection_attempts", () => Volatile.Read(ref _connectionAttempts), "{attempt}", "Upstream handshakes attempted.");
        _applyLatency = _meter.CreateHistogram<double>("relay.upstream.apply_latency", "ms", "From a frame's receipt by the upstream receive loop to its last packet applied to the market state and handed to the broadcaster.");
        _meter.CreateObservableGauge("relay.upstream.packet_rate", () => _rate.PerSecond(NowUnixMs()), "{packet}/s", "Packets per second over the last few seconds.");
    }

    /// <summary>Adds one frame's packets (called by a receive loop once per frame).</summary>
    public void AddFrame(in PacketCounts counts, long receivedAtUnixMs)
    {
        AddIfAny(ref _ticker, counts.Ticker);
        AddIfAny(ref _quote, counts.Quote);
        AddIfAny(ref _openInterest, counts.OpenInterest);
        AddIfAny(ref _prevClose, counts.PrevClose);
        AddIfAny(ref _full, counts.Full);
        AddIfAny(ref _disconnect, counts.Disconnect);
        AddIfAny(ref _other, counts.Other);
        AddIfAny(ref _malformed, counts.Malformed);
        var packets = counts.Packets;
        if (packets > 0)
        {
            Volatile.Write(ref _lastPacketAtUnixMs, receivedAtUnixMs);
            _rate.Add(packets, receivedAtUnixMs);
        }
    }

    /// <summary>Records how long one frame took from its receipt to its last packet applied and notified.</summary>
    public void RecordApply(TimeSpan elapsed) => _applyLatency.Record(elapsed.TotalMilliseconds);

    /// <summary>Counts a malformed message that never reached the decoder (e.g. oversized).</summary>
    public void AddMalformed() => Interlocked.Increment(ref _malformed);

    /// <summary>Counts an unexpected text frame.</summary>
    public void AddTextFrame() => Interlocked.Increment(ref _textFrames);

    /// <summary>Counts a successful reconnect.</summary>
    public void AddReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>Counts a handshake attempt.</summary>
    public void AddConnectionAttempt() => Interlocked.Increment(ref _connectionAttempts);

    /// <summary>Readable totals across all sockets.</summary>
    public UpstreamTotals Snapshot()
    {
        var last = Volatile.Read(ref _lastPacketAtUnixMs);
        return new UpstreamTotals(
            Volatile.Read(ref _ticker),
            Volatile.Read(ref _quote),
            Volatile.Read(ref _openInterest),
            Volatile.Read(ref _prevClose),
            Volatile.Read(ref _full),
            Volatile.Read(ref _disconnect),
            Volatile.Read(ref _other),
            Volatile.Read(ref _malformed),
            Volatile.Read(ref _textFrames),
            Volatile.Read(ref _reconnects),
            Volatile.Read(ref _connectionAttempts),
            last == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(last),
            _rate.PerSecond(NowUnixMs()));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void AddIfAny(ref long total, int count)
    {
        if (count != 0)
        {
            Interlocked.Add(ref total, count);
        }
    }

    private long NowUnixMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private IEnumerable<Measurement<long>> ObservePackets() =>
    [
        new(Volatile.Read(ref _ticker), new KeyValuePair<string, object?>("type", "ticker")),
        new(Volatile.Read(ref _quote), new KeyValuePair<string, object?>("type", "quote")),
        new(Volatile.Read(ref _openInterest), new KeyValuePair<string, object?>("type", "oi")),
        new(Volatile.Read(ref _prevClose), new KeyValuePair<string, object?>("type", "prev_close")),
        new(Volatile.Read(ref _full), new KeyValuePair<string, object?>("type", "full")),
        new(Volatile.Read(ref _disconnect), new KeyValuePair<string, object?>("type", "disconnect")),
        new(Volatile.Read(ref _other), new KeyValuePair<string, object?>("type", "other")),
    ];
}
