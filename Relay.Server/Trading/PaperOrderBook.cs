using System.Collections.Concurrent;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>
/// The open paper orders by instrument, in memory, mirroring the committed <c>paper_orders</c> rows (the broker
/// updates it after each commit; the fill engine loads it at start). Each order held here also holds its
/// instrument in <see cref="PaperMarketInterest"/>, so the upstream keeps streaming it.
/// </summary>
internal sealed class PaperOrderBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<InstrumentKey, Dictionary<long, RestingOrder>> _byInstrument = [];
    private readonly Dictionary<long, InstrumentKey> _instrumentOf = [];
    private readonly ConcurrentDictionary<InstrumentKey, byte> _instruments = new();
    private readonly PaperMarketInterest _interest;

    public PaperOrderBook(PaperMarketInterest interest) => _interest = interest;

    /// <summary>How many orders rest.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _instrumentOf.Count;
            }
        }
    }

    /// <summary>True when an order rests on <paramref name="instrument"/>. Lock-free: called from the receive loop.</summary>
    public bool Contains(InstrumentKey instrument) => _instruments.ContainsKey(instrument);

    /// <summary>The instruments with resting orders.</summary>
    public IReadOnlyCollection<InstrumentKey> Instruments => [.. _instruments.Keys];

    /// <summary>Adds or replaces an order.</summary>
    public void Upsert(RestingOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            if (_instrumentOf.TryGetValue(order.OrderId, out var previous))
            {
                if (previous == order.Instrument)
                {
                    _byInstrument[previous][order.OrderId] = order;
                    return;
                }

                RemoveLocked(order.OrderId);
            }

            if (!_byInstrument.TryGetValue(order.Instrument, out var orders))
            {
                _byInstrument[order.Instrument] = orders = [];
                _instruments[order.Instrument] = 0;
            }

            orders[order.OrderId] = order;
            _instrumentOf[order.OrderId] = order.Instrument;
            _interest.Add(order.Instrument);
        }
    }

    /// <summary>Removes an order; false when it was not resting.</summary>
    public bool Remove(long orderId)
    {
        lock (_lock)
        {
            return RemoveLocked(orderId);
        }
    }

    /// <summary>A copy of the orders resting on <paramref name="instrument"/>, oldest first.</summary>
    public RestingOrder[] Snapshot(InstrumentKey instrument)
    {
        lock (_lock)
        {
            return _byInstrument.TryGetValue(instrument, out var orders) ? [.. orders.Values.OrderBy(o => o.OrderId)] : [];
        }
    }

    private bool RemoveLocked(long orderId)
    {
        if (!_instrumentOf.Remove(orderId, out var instrument))
        {
            return false;
        }

        var orders = _byInstrument[instrument];
        orders.Remove(orderId);
        if (orders.Count == 0)
        {
            _byInstrument.Remove(instrument);
            _instruments.TryRemove(instrument, out _);
        }

        _interest.Remove(instrument);
        return true;
    }
}
