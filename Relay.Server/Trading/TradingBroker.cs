namespace Relay.Server.Trading;

/// <summary>Which broker serves the orders API (<see cref="TradingOptions.Broker"/>).</summary>
internal enum TradingBroker
{
    /// <summary>
    /// The paper broker when the feed runs on the simulator (<c>Relay:Feed:Mode</c> is not <c>Dhan</c>), the DhanHQ
    /// proxy when it runs on real DhanHQ credentials.
    /// </summary>
    Auto,

    /// <summary>Relay's own paper broker: simulated fills at Relay's prices, stored in SQLite.</summary>
    Paper,

    /// <summary>Real orders, proxied to DhanHQ REST v2 with the stored broker credentials.</summary>
    Dhan,
}
