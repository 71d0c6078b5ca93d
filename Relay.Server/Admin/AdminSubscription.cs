namespace Relay.Server.Admin;

/// <summary>One instrument subscribed upstream.</summary>
/// <param name="Instrument">The key, e.g. <c>NSE_EQ:1333</c>.</param>
/// <param name="ExchangeSegment">The segment.</param>
/// <param name="SecurityId">The security id.</param>
/// <param name="Mode">The mode the upstream carries (the richest held).</param>
/// <param name="Socket">The upstream socket.</param>
/// <param name="References">Client references over all modes.</param>
/// <param name="TickerReferences">Connections holding it in Ticker mode.</param>
/// <param name="QuoteReferences">Connections holding it in Quote mode.</param>
/// <param name="FullReferences">Connections holding it in Full mode.</param>
internal sealed record AdminSubscription(
    string Instrument,
    string ExchangeSegment,
    string SecurityId,
    string Mode,
    int Socket,
    int References,
    int TickerReferences,
    int QuoteReferences,
    int FullReferences);
