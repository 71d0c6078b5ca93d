using Relay.Core.Contracts;

namespace Relay.Core.Market;

/// <summary>
/// The one <see cref="IMarketUpdateSink"/> the upstream sockets call; it forwards each notification to every
/// attached sink (the broadcaster, the paper broker's fill engine). Attaching happens at start, so the
/// sockets need not know, at construction, the services that in turn depend on the feed.
/// </summary>
internal sealed class MarketUpdateFanout : IMarketUpdateSink
{
    private readonly Lock _lock = new();
    private IMarketUpdateSink[] _sinks = [];
    private long _sinkFaults;

    /// <summary>Notifications a sink threw on (a bug in that sink; the feed goes on).</summary>
    public long SinkFaults => Interlocked.Read(ref _sinkFaults);

    /// <summary>Adds a sink; dispose the result to remove it.</summary>
    public IDisposable Attach(IMarketUpdateSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lock)
        {
            _sinks = [.. _sinks, sink];
        }

        return new Detacher(this, sink);
    }

    /// <inheritdoc />
    public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind)
    {
        var sinks = Volatile.Read(ref _sinks);
        foreach (var sink in sinks)
        {
            try
            {
                sink.OnUpdated(instrument, kind);
            }
#pragma warning disable CA1031 // A faulty sink must never stop the upstream receive loop; it is counted.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _sinkFaults);
            }
        }
    }

    private void Detach(IMarketUpdateSink sink)
    {
        lock (_lock)
        {
            _sinks = [.. _sinks.Where(s => !ReferenceEquals(s, sink))];
        }
    }

    private sealed class Detacher(MarketUpdateFanout owner, IMarketUpdateSink sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Detach(sink);
            }
        }
    }
}
