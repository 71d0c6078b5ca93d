namespace Relay.Server.Trading;

/// <summary>DhanHQ order types (see <see cref="TradingNames"/> for the wire names).</summary>
internal enum OrderType
{
    /// <summary><c>MARKET</c>: fills at once at the last traded price.</summary>
    Market,

    /// <summary><c>LIMIT</c>: fills at the limit price or better.</summary>
    Limit,

    /// <summary><c>STOP_LOSS</c>: becomes a limit order once the trigger price trades.</summary>
    StopLoss,

    /// <summary><c>STOP_LOSS_MARKET</c>: becomes a market order once the trigger price trades.</summary>
    StopLossMarket,
}
