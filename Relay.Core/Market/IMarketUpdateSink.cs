using Relay.Core.Contracts;

namespace Relay.Core.Market;

/// <summary>
/// Receives "this instrument changed" notifications from the upstream receive loop, after the market state
/// was updated. Implementations (the broadcaster) must return at once: never block, never await, never
/// throw. The newest state is read back from <see cref="IMarketStateReader"/>, so notifications may be conflated.
/// </summary>
public interface IMarketUpdateSink
{
    /// <summary>The state of <paramref name="instrument"/> was just updated by a packet of <paramref name="kind"/>.</summary>
    void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind);
}
