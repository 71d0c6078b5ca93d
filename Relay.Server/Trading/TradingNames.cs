using System.Diagnostics.CodeAnalysis;

namespace Relay.Server.Trading;

/// <summary>DhanHQ v2 wire names of the trading vocabulary, and case-insensitive parsing of them.</summary>
internal static class TradingNames
{
    /// <summary>The statuses of an order that can still fill, be modified or be cancelled.</summary>
    public static bool IsOpen(OrderStatus status) => status is OrderStatus.Transit or OrderStatus.Pending or OrderStatus.PartTraded;

    public static string Name(TransactionType value) => value == TransactionType.Buy ? "BUY" : "SELL";

    public static string Name(OrderType value) => value switch
    {
        OrderType.Market => "MARKET",
        OrderType.Limit => "LIMIT",
        OrderType.StopLoss => "STOP_LOSS",
        OrderType.StopLossMarket => "STOP_LOSS_MARKET",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(ProductType value) => value switch
    {
        ProductType.Cnc => "CNC",
        ProductType.Intraday => "INTRADAY",
        ProductType.Margin => "MARGIN",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(OrderValidity value) => value == OrderValidity.Day ? "DAY" : "IOC";

    public static string Name(OrderStatus value) => value switch
    {
        OrderStatus.Transit => "TRANSIT",
        OrderStatus.Pending => "PENDING",
        OrderStatus.Traded => "TRADED",
        OrderStatus.PartTraded => "PART_TRADED",
        OrderStatus.Cancelled => "CANCELLED",
        OrderStatus.Rejected => "REJECTED",
        OrderStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out TransactionType value) => TryParse(text, out value, [("BUY", TransactionType.Buy), ("SELL", TransactionType.Sell)]);

    public static bool TryParse([NotNullWhen(true)] string? text, out OrderType value) => TryParse(
        text,
        out value,
        [("MARKET", OrderType.Market), ("LIMIT", OrderType.Limit), ("STOP_LOSS", OrderType.StopLoss), ("STOP_LOSS_MARKET", OrderType.StopLossMarket)]);

    public static bool TryParse([NotNullWhen(true)] string? text, out ProductType value) => TryParse(
        text,
        out value,
        [("CNC", ProductType.Cnc), ("INTRADAY", ProductType.Intraday), ("MARGIN", ProductType.Margin)]);

    public static bool TryParse([NotNullWhen(true)] string? text, out OrderValidity value) => TryParse(text, out value, [("DAY", OrderValidity.Day), ("IOC", OrderValidity.Ioc)]);

    /// <summary>Parses a status; DhanHQ's book also shows a few others, which map to the nearest of ours.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out OrderStatus value) => TryParse(
        text,
        out value,
        [
            ("TRANSIT", OrderStatus.Transit), ("PENDING", OrderStatus.Pending), ("TRADED", OrderStatus.Traded),
            ("PART_TRADED", OrderStatus.PartTraded), ("CANCELLED", OrderStatus.Cancelled), ("REJECTED", OrderStatus.Rejected),
            ("EXPIRED", OrderStatus.Expired), ("TRIGGERED", OrderStatus.Pending), ("CLOSED", OrderStatus.Traded),
        ]);

    private static bool TryParse<T>([NotNullWhen(true)] string? text, out T value, (string Name, T Value)[] names)
    {
        foreach (var (name, candidate) in names)
        {
            if (string.Equals(text?.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
