using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Core.Upstream;

/// <summary>Records every market update notification.</summary>
internal sealed class RecordingUpdateSink : IMarketUpdateSink
{
    private readonly ConcurrentQueue<(InstrumentKey Instrument, MarketUpdateKind Kind)> _updates = new();

    public IReadOnlyList<(InstrumentKey Instrument, MarketUpdateKind Kind)> Updates => [.. _updates];

    public int Count => _updates.Count;

    public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind) => _updates.Enqueue((instrument, kind));
}
