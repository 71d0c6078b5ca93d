namespace Relay.Core.Contracts;

/// <summary>
/// DhanHQ feed modes, ordered from lightest to richest: a richer mode carries everything a lighter one does.
/// </summary>
public enum FeedMode
{
    /// <summary>Last traded price and time (request code 15, packets 2 and 6).</summary>
    Ticker = 1,

    /// <summary>Ticker plus quantities, volume, OHLC and OI (request code 17, packets 4, 5 and 6).</summary>
    Quote = 2,

    /// <summary>Quote plus OI day range and 5-level depth (request code 21, packets 8 and 6).</summary>
    Full = 3,
}
