using System.Collections.Concurrent;
using Relay.Core.Contracts;

namespace Relay.Core.Simulator;

/// <summary>The simulated market: one <see cref="SimulatedInstrumentState"/> per instrument ever subscribed, shared by all sockets.</summary>
internal sealed class SimulatedMarket(SimulatorInstrumentCatalog catalog, int seed, bool monotonicPrices = false)
{
    private readonly ConcurrentDictionary<InstrumentKey, SimulatedInstrumentState> _states = new();
    private readonly Lock _createLock = new();

    /// <summary>The instrument universe.</summary>
    public SimulatorInstrumentCatalog Catalog { get; } = catalog;

    /// <summary>The state of an instrument, created (and ranked) on first use.</summary>
    public SimulatedInstrumentState Get(InstrumentKey key)
    {
        if (_states.TryGetValue(key, out var state))
        {
            return state;
        }

        // Created under a lock so ranks are dense and in order of first subscription.
        lock (_createLock)
        {
            if (!_states.TryGetValue(key, out state))
            {
                state = new SimulatedInstrumentState(Catalog.GetOrSynthesize(key), seed, _states.Count, monotonicPrices);
                _states[key] = state;
            }

            return state;
        }
    }
}
