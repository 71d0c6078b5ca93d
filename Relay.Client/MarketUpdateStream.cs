using System.Threading.Channels;
using Relay.Core.Contracts;

namespace Relay.Client;

/// <summary>
/// A conflating stream of <see cref="MarketUpdate"/>s for <c>await foreach</c>, from <see cref="RelayClient.StreamAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Bounded and never blocking the connection: the stream keeps at most one unread update per instrument (the newest
/// wins; a Tick, Quote or Full of the same instrument replace each other) and a queue of the instruments that have
/// one, so memory is bounded by the number of instruments however slow the consumer is. Replaced updates are counted
/// in <see cref="ConflatedCount"/>. When <see cref="Capacity"/> instruments are already waiting, an update for
/// another instrument is dropped and counted in <see cref="DroppedCount"/>.
/// </para>
/// <para>
/// It can be enumerated once. Leaving the <c>await foreach</c> (or disposing the stream) detaches it from the client;
/// disposing the client ends the enumeration normally after the waiting updates are read.
/// </para>
/// </remarks>
public sealed class MarketUpdateStream : IAsyncEnumerable<MarketUpdate>, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<InstrumentKey, MarketUpdate> _latest = [];
    private readonly Channel<InstrumentKey> _dirty;
    private readonly Action<MarketUpdateStream> _detach;
    private long _conflated;
    private long _dropped;
    private long _delivered;
    private int _maxPending;
    private bool _closed;
    private int _enumerated;

    internal MarketUpdateStream(InstrumentKey? instrument, int capacity, Action<MarketUpdateStream> detach)
    {
        Instrument = instrument;
        Capacity = instrument is null ? capacity : 1;
        _detach = detach;

        // Keys enter only on a clean → dirty transition and only while fewer than Capacity slots are taken, so the
        // channel never fills; its bound states the invariant.
        _dirty = Channel.CreateBounded<InstrumentKey>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The instrument this stream is limited to; <c>null</c> for every instrument.</summary>
    public InstrumentKey? Instrument { get; }

    /// <summary>How many instruments may have an unread update at once; 1 for a single-instrument stream.</summary>
    public int Capacity { get; }

    /// <summary>Updates replaced by a newer update of the same instrument before the consumer read them.</summary>
    public long ConflatedCount => Interlocked.Read(ref _conflated);

    /// <summary>Updates dropped because <see cref="Capacity"/> other instruments were already waiting.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Updates handed to the consumer.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Instruments with an unread update right now (never above <see cref="Capacity"/>).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _latest.Count;
            }
        }
    }

    /// <summary>Instrument keys queued for the reader (for tests: never above <see cref="PendingCount"/>).</summary>
    internal int QueueLength => _dirty.Reader.Count;

    /// <summary>The highest <see cref="PendingCount"/> seen since the stream was created.</summary>
    public int MaxPendingCount => Volatile.Read(ref _maxPending);

    /// <summary>Reads the updates as they arrive, newest per instrument; ends when the client is disposed.</summary>
    /// <param name="cancellationToken">Stops the enumeration with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The stream is already being (or was) enumerated.</exception>
    public IAsyncEnumerator<MarketUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A MarketUpdateStream can be enumerated only once; call RelayClient.StreamAsync again for another consumer.");
        }

        return ReadAllAsync(cancellationToken);
    }

    /// <summary>Detaches the stream from the client and ends its enumeration; unread updates are discarded.</summary>
    public ValueTask DisposeAsync()
    {
        Close(discard: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Offers an update; never blocks. Called on the connection's receive path.</summary>
    internal void Offer(MarketUpdate update)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_latest.ContainsKey(update.Instrument))
            {
                _latest[update.Instrument] = update;
                _conflated++;
                return;
            }

            if (_latest.Count >= Capacity)
            {
                _dropped++;
                return;
            }

            if (!_dirty.Writer.TryWrite(update.Instrument))
            {
                _dropped++; // Unreachable while the invariant holds; counted rather than lost silently.
                return;
            }

            _latest.Add(update.Instrument, update);
            if (_latest.Count > _maxPending)
            {
                Volatile.Write(ref _maxPending, _latest.Count);
            }
        }
    }

    /// <summary>Ends the stream: with <paramref name="discard"/> false the consumer still reads what is waiting.</summary>
    internal void Close(bool discard)
    {
        lock (_gate)
        {
            if (_closed && !discard)
            {
                return;
            }

            _closed = true;
            if (discard)
            {
                _latest.Clear();
            }
        }

        _dirty.Writer.TryComplete();
        _detach(this);
    }

    private async IAsyncEnumerator<MarketUpdate> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_dirty.Reader.TryRead(out var key))
                {
                    MarketUpdate? update;
                    lock (_gate)
                    {
                        _latest.Remove(key, out update);
                    }

                    if (update is null)
                    {
                        continue; // Discarded by DisposeAsync.
                    }

                    Interlocked.Increment(ref _delivered);
                    yield return update;
                }
            }
        }
        finally
        {
            Close(discard: true);
        }
    }
}
