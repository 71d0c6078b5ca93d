namespace Relay.Core.Market;

/// <summary>Which packet changed an instrument's state.</summary>
public enum MarketUpdateKind
{
    /// <summary>A ticker packet (LTP, LTT).</summary>
    Ticker,

    /// <summary>A quote packet.</summary>
    Quote,

    /// <summary>An OI packet.</summary>
    OpenInterest,

    /// <summary>A previous-close packet.</summary>
    PrevClose,

    /// <summary>A full packet (quote, OI range, depth).</summary>
    Full,
}
