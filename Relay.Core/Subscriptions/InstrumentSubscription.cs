using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>One held instrument as the subscription set sees it (admin and tests).</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Mode">The mode the upstream should carry: the richest one held.</param>
/// <param name="Socket">The upstream socket it lives on (0-based).</param>
/// <param name="TickerReferences">Connections holding it in Ticker mode.</param>
/// <param name="QuoteReferences">Connections holding it in Quote mode.</param>
/// <param name="FullReferences">Connections holding it in Full mode.</param>
internal readonly record struct InstrumentSubscription(
    InstrumentKey Instrument, FeedMode Mode, int Socket, int TickerReferences, int QuoteReferences, int FullReferences)
{
    /// <summary>References over all modes (a connection holding two modes counts twice).</summary>
    public int References => TickerReferences + QuoteReferences + FullReferences;
}
