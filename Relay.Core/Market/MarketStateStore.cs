using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Market;

/// <summary>
/// Last known state per instrument, written by the upstream receive loops and read from any thread.
/// </summary>
/// <remarks>
/// One <see cref="MarketStateSlot"/> per instrument is created the first time the instrument is seen; after
/// that an update allocates nothing. Every update stamps the slot with a store-wide, monotonically
/// increasing <see cref="Version"/>, so a persister can copy only what changed since its last pass
/// (<see cref="CopyChangedSince"/>). Apply rules: a ticker updates LTP and LTT; a quote updates the quote
/// fields (not OI); an OI packet updates OI; a previous-close packet updates previous close and previous OI;
/// a full packet updates everything including the OI day range and depth. Every packet sets
/// <see cref="MarketSnapshot.ReceivedAt"/>.
/// </remarks>
internal sealed class MarketStateStore : IMarketStateReader
{
    private readonly ConcurrentDictionary<InstrumentKey, MarketStateSlot> _slots = new();
    private long _version;

    /// <summary>Number of instruments with a state.</summary>
    public int Count => _slots.Count;

    /// <summary>The version of the latest update (0 before any); increases by one per applied packet.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <inheritdoc />
    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot)
    {
        if (_slots.TryGetValue(instrument, out var slot))
        {
            slot.Read(out snapshot, out _);
            return true;
        }

        snapshot = default;
        return false;
    }

    /// <inheritdoc />
    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot, out long version)
    {
        if (_slots.TryGetValue(instrument, out var slot))
        {
            slot.Read(out snapshot, out version);
            return true;
        }

        snapshot = default;
        version = 0;
        return false;
    }

    /// <summary>Applies a ticker packet: LTP and LTT.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="receivedAt">Arrival time, Unix milliseconds (UTC).</param>
    public void Apply(in TickerPacket packet, long receivedAt)
    {
        var slot = SlotFor(packet.Instrument);
        ref var s = ref slot.BeginWrite(ref _version);
        try
        {
            s.Ltp = packet.Ltp;
            s.Ltt = packet.Ltt;
            s.ReceivedAt = receivedAt;
            Promote(ref s, FeedMode.Ticker);
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>Applies a quote packet: LTP, LTQ, LTT, ATP, volume, total buy/sell quantity and OHLC (OI comes in its own packet).</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="receivedAt">Arrival time, Unix milliseconds (UTC).</param>
    public void Apply(in QuotePacket packet, long receivedAt)
    {
        var slot = SlotFor(packet.Instrument);
        ref var s = ref slot.BeginWrite(ref _version);
        try
        {
            s.Ltp = packet.Ltp;
            s.Ltq = packet.Ltq;
            s.Ltt = packet.Ltt;
            s.Atp = packet.Atp;
            s.Volume = packet.Volume;
            s.TotalSellQuantity = packet.TotalSellQuantity;
            s.TotalBuyQuantity = packet.TotalBuyQuantity;
            s.Open = packet.Open;
            s.Close = packet.Close;
            s.High = packet.High;
            s.Low = packet.Low;
            s.ReceivedAt = receivedAt;
            Promote(ref s, FeedMode.Quote);
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>Applies an OI packet: open interest only.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="receivedAt">Arrival time, Unix milliseconds (UTC).</param>
    public void Apply(in OiPacket packet, long receivedAt)
    {
        var slot = SlotFor(packet.Instrument);
        ref var s = ref slot.BeginWrite(ref _version);
        try
        {
            s.OpenInterest = packet.OpenInterest;
            s.ReceivedAt = receivedAt;
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>Applies a previous-close packet: previous close and previous OI.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="receivedAt">Arrival time, Unix milliseconds (UTC).</param>
    public void Apply(in PrevClosePacket packet, long receivedAt)
    {
        var slot = SlotFor(packet.Instrument);
        ref var s = ref slot.BeginWrite(ref _version);
        try
        {
            s.PrevClose = packet.PrevClose;
            s.PrevOpenInterest = packet.PrevOpenInterest;
            s.ReceivedAt = receivedAt;
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>Applies a full packet: every quote field, OI with its day range, and the 5-level depth.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="receivedAt">Arrival time, Unix milliseconds (UTC).</param>
    public void Apply(in FullPacket packet, long receivedAt)
    {
        var slot = SlotFor(packet.Instrument);
        ref var s = ref slot.BeginWrite(ref _version);
        try
        {
            s.Ltp = packet.Ltp;
            s.Ltq = packet.Ltq;
            s.Ltt = packet.Ltt;
            s.Atp = packet.Atp;
            s.Volume = packet.Volume;
            s.TotalSellQuantity = packet.TotalSellQuantity;
            s.TotalBuyQuantity = packet.TotalBuyQuantity;
            s.OpenInterest = packet.OpenInterest;
            s.OiDayHigh = packet.OiDayHigh;
            s.OiDayLow = packet.OiDayLow;
            s.Open = packet.Open;
            s.Close = packet.Close;
            s.High = packet.High;
            s.Low = packet.Low;
            s.Depth = packet.Depth;
            s.ReceivedAt = receivedAt;
            s.RichestMode = FeedMode.Full;
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>
    /// Seeds a persisted state (at start). Ignored when the instrument already has a state received at or
    /// after <see cref="MarketSnapshot.ReceivedAt"/>. A restored state carries version 0: it does not count
    /// as changed for <see cref="CopyChangedSince"/>.
    /// </summary>
    public void Restore(in MarketSnapshot snapshot)
    {
        var slot = SlotFor(snapshot.Instrument);
        ref var s = ref slot.BeginWrite(ref _version, stampVersion: false);
        try
        {
            if (s.ReceivedAt == 0 || s.ReceivedAt < snapshot.ReceivedAt)
            {
                s = snapshot;
            }
        }
        finally
        {
            slot.EndWrite();
        }
    }

    /// <summary>Copies every instrument's state (in no particular order). Allocates; meant for periodic persistence and admin views.</summary>
    public IReadOnlyList<MarketSnapshot> GetAll()
    {
        var all = new List<MarketSnapshot>(_slots.Count);
        foreach (var pair in _slots)
        {
            pair.Value.Read(out var snapshot, out _);
            all.Add(snapshot);
        }

        return all;
    }

    /// <summary>
    /// Adds to <paramref name="destination"/> every state updated after <paramref name="sinceVersion"/> and
    /// returns the version to pass next time (pass 0 the first time). An update racing with the scan may be
    /// returned twice, never missed.
    /// </summary>
    public long CopyChangedSince(long sinceVersion, ICollection<MarketSnapshot> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);

        // Read the watermark first: anything stamped after it is picked up by the next call.
        var watermark = Volatile.Read(ref _version);
        foreach (var pair in _slots)
        {
            pair.Value.Read(out var snapshot, out var version);
            if (version > sinceVersion)
            {
                destination.Add(snapshot);
            }
        }

        return watermark;
    }

    private static void Promote(ref MarketSnapshot snapshot, FeedMode mode)
    {
        if (snapshot.RichestMode < mode)
        {
            snapshot.RichestMode = mode;
        }
    }

    private MarketStateSlot SlotFor(InstrumentKey instrument) =>
        _slots.TryGetValue(instrument, out var slot)
            ? slot
            : _slots.GetOrAdd(instrument, static key => new MarketStateSlot(key));
}
