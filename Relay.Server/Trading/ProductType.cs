namespace Relay.Server.Trading;

/// <summary>DhanHQ product types Relay accepts (see <see cref="TradingNames"/> for the wire names).</summary>
internal enum ProductType
{
    /// <summary><c>CNC</c>: equity delivery (cash and carry); full value, no short selling.</summary>
    Cnc,

    /// <summary><c>INTRADAY</c>: leveraged, short selling allowed.</summary>
    Intraday,

    /// <summary><c>MARGIN</c>: derivatives carry-forward; full value, short selling allowed.</summary>
    Margin,
}
