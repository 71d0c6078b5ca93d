using System.Threading.Channels;
using Relay.Core.Contracts;
using Relay.Server.Broadcast;

namespace Relay.Server.Compat;

/// <summary>
/// The bounded outbox of one <c>/ws</c> socket. Tickers are conflated per instrument (the newest payload replaces
/// the pending one and keeps its place) and at most <c>maxInstruments</c> instruments wait; control messages
/// (replies, status) wait in FIFO order, at most <c>maxControl</c>. When full, the oldest entry is dropped and
/// counted. Control messages go first. Many producers, one consumer (the socket's sender).
/// </summary>
internal sealed class CompatOutbox
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _control = new();
    private readonly Dictionary<InstrumentKey, byte[]> _tickers = [];
    private readonly Queue<InstrumentKey> _tickerOrder = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly int _maxInstruments;
    private readonly int _maxControl;
    private readonly BroadcastMetrics _metrics;
    private volatile bool _completed;

    /// <summary>Creates an empty outbox.</summary>
    public CompatOutbox(int maxInstruments, int maxControl, BroadcastMetrics metrics)
    {
        _maxInstruments = maxInstruments;
        _maxControl = maxControl;
        _metrics = metrics;
    }

    /// <summary>Instruments with a ticker waiting.</summary>
    public int PendingInstruments
    {
        get
        {
            lock (_gate)
            {
                return _tickerOrder.Count;
            }
        }
    }

    /// <summary>Control messages waiting.</summary>
    public int PendingControl
    {
        get
        {
            lock (_gate)
            {
                return _control.Count;
            }
        }
    }

    /// <summary>Queues a reply or status message; false once the outbox is completed.</summary>
    public bool TryEnqueueControl(byte[] payload)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (_control.Count >= _maxControl)
            {
                _control.Dequeue();
                _metrics.Dropped(DropReason.CompatControlOutboxFull);
            }

            _control.Enqueue(payload);
        }

        _doorbell.Writer.TryWrite(true);
        return true;
    }

    /// <summary>Queues the newest ticker of <paramref name="instrument"/>; false once the outbox is completed.</summary>
    public bool TryEnqueueTicker(InstrumentKey instrument, byte[] payload)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (_tickers.ContainsKey(instrument))
            {
                _tickers[instrument] = payload;
                _metrics.Conflated();
                return true;
            }

            if (_tickerOrder.Count >= _maxInstruments)
            {
                _tickers.Remove(_tickerOrder.Dequeue());
                _metrics.Dropped(DropReason.CompatTickerOutboxFull);
            }

            _tickers.Add(instrument, payload);
            _tickerOrder.Enqueue(instrument);
        }

        _doorbell.Writer.TryWrite(true);
        return true;
    }

    /// <summary>Takes the next payload: a control message if any, else the oldest pending ticker.</summary>
    public bool TryDequeue(out byte[] payload)
    {
        lock (_gate)
        {
            if (_control.TryDequeue(out payload!))
            {
                return true;
            }

            if (_tickerOrder.TryDequeue(out var instrument))
            {
                _tickers.Remove(instrument, out payload!);
                return true;
            }

            payload = null!;
            return false;
        }
    }

    /// <summary>Waits until something may be queued; false once completed (what is left can still be dequeued).</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (_completed || !await _doorbell.Reader.WaitToReadAsync(cancellationToken) || _completed)
        {
            return false;
        }

        _doorbell.Reader.TryRead(out _);
        return true;
    }

    /// <summary>
    /// Refuses further messages and drops pending tickers (they are stale for a closing socket); pending control
    /// messages stay for the sender to flush.
    /// </summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _tickers.Clear();
            _tickerOrder.Clear();
        }

        _doorbell.Writer.TryComplete();
    }
}
