namespace Relay.Server.Trading;

/// <summary>Order side; DhanHQ spells it <c>BUY</c> / <c>SELL</c> (see <see cref="TradingNames"/>).</summary>
internal enum TransactionType
{
    /// <summary><c>BUY</c>.</summary>
    Buy,

    /// <summary><c>SELL</c>.</summary>
    Sell,
}
