using Relay.Core.Contracts;

namespace Relay.Core.Simulator;

/// <summary>What the simulator knows about one instrument: enough to make plausible prices.</summary>
/// <param name="Key">The instrument.</param>
/// <param name="TickSize">Price step in rupees (e.g. 0.05).</param>
/// <param name="ReferencePrice">Previous close the walk starts from, in rupees, on the tick grid.</param>
/// <param name="LotSize">Contract lot size (1 for cash and indices).</param>
/// <param name="Symbol">Trading symbol, for logs and tests.</param>
internal sealed record SimulatorInstrument(InstrumentKey Key, decimal TickSize, decimal ReferencePrice, int LotSize, string Symbol)
{
    /// <summary>True for segments whose instruments carry open interest (futures, options, commodities, currency).</summary>
    public bool HasOpenInterest => Key.Segment is ExchangeSegment.NSE_FNO or ExchangeSegment.BSE_FNO or ExchangeSegment.MCX_COMM
        or ExchangeSegment.NSE_CURRENCY or ExchangeSegment.BSE_CURRENCY;

    /// <summary>True for index values: no trades, no volume, no book.</summary>
    public bool IsIndex => Key.Segment == ExchangeSegment.IDX_I;
}
