using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Support;

/// <summary>An in-memory <see cref="IMarketStateReader"/> whose last prices tests set; survives a server restart.</summary>
internal sealed class TradingFakeMarket : IMarketStateReader
{
    private readonly ConcurrentDictionary<InstrumentKey, MarketSnapshot> _snapshots = new();

    public bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot) => _snapshots.TryGetValue(instrument, out snapshot);

    /// <summary>Sets the last traded price (as the feed would: a float32).</summary>
    public void SetLtp(InstrumentKey instrument, float ltp) =>
        _snapshots[instrument] = new MarketSnapshot { Instrument = instrument, Ltp = ltp, RichestMode = FeedMode.Ticker, ReceivedAt = 1 };

    /// <summary>Sets the price and notifies <paramref name="sink"/> as the upstream receive loop does.</summary>
    public void Tick(InstrumentKey instrument, float ltp, IMarketUpdateSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        SetLtp(instrument, ltp);
        sink.OnUpdated(instrument, MarketUpdateKind.Ticker);
    }
}
