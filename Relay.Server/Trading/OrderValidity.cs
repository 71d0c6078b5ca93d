namespace Relay.Server.Trading;

/// <summary>DhanHQ order validity (see <see cref="TradingNames"/> for the wire names).</summary>
internal enum OrderValidity
{
    /// <summary><c>DAY</c>: rests until filled or cancelled.</summary>
    Day,

    /// <summary><c>IOC</c>: immediate or cancel; what does not fill at once is cancelled.</summary>
    Ioc,
}
