using Relay.Core.Contracts;

namespace Relay.Core.Market;

/// <summary>Last known state per instrument; cheap to read from any thread.</summary>
public interface IMarketStateReader
{
    /// <summary>Copies the last known state of <paramref name="instrument"/>; false when nothing was ever received.</summary>
    bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot);

    /// <summary>
    /// Like <see cref="TryGet(InstrumentKey, out MarketSnapshot)"/>, plus the state's version: equal versions mean the
    /// same state, a higher one a newer state; 0 when the reader keeps no versions (or the state was only restored).
    /// </summary>
    bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot, out long version)
    {
        version = 0;
        return TryGet(instrument, out snapshot);
    }
}
