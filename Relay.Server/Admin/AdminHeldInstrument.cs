namespace Relay.Server.Admin;

/// <summary>An instrument a client holds, in one mode.</summary>
/// <param name="Instrument">The key, e.g. <c>NSE_EQ:1333</c>.</param>
/// <param name="Mode"><c>Ticker</c>, <c>Quote</c> or <c>Full</c>.</param>
internal sealed record AdminHeldInstrument(string Instrument, string Mode);
