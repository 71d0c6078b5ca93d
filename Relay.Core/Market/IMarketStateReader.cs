using Relay.Core.Contracts;

namespace Relay.Core.Market;

/// <summary>Last known state per instrument; cheap to read from any thread.</summary>
public interface IMarketStateReader
{
    /// <summary>Copies the last known state of <paramref name="instrument"/>; false when nothing was ever received.</summary>
    bool TryGet(InstrumentKey instrument, out MarketSnapshot snapshot);
}
