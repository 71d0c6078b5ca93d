using System.Collections.Concurrent;
using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>The last-value cache behind <see cref="RelayClient.Last"/>: one immutable <see cref="MarketView"/> per instrument.</summary>
internal sealed class MarketViewCache
{
    private readonly ConcurrentDictionary<InstrumentKey, MarketView> _views = new();

    public int Count => _views.Count;

    public MarketView? Get(InstrumentKey instrument) => _views.TryGetValue(instrument, out var view) ? view : null;

    public void Apply(MarketUpdate update) =>
        _views.AddOrUpdate(
            update.Instrument,
            static (_, u) => MarketView.Merge(null, u),
            static (_, current, u) => MarketView.Merge(current, u),
            update);

    public void Remove(InstrumentKey instrument) => _views.TryRemove(instrument, out _);
}
