namespace Relay.Server.Trading;

/// <summary>
/// The paper broker's arithmetic, pure and in <see cref="Money"/> units. Positions use the average-cost method:
/// buys into a long (or sells into a short) add to the open cost; closing trades realize the difference between
/// their price and the average cost of the quantity they close; a trade larger than the position closes it and
/// opens the rest the other way at the trade price.
/// </summary>
internal static class PaperMath
{
    /// <summary>
    /// The share of an order's value that is blocked: CNC and MARGIN the full value, INTRADAY value ÷
    /// <paramref name="intradayLeverage"/>.
    /// </summary>
    public static decimal MarginRate(ProductType product, int intradayLeverage) =>
        product == ProductType.Intraday ? 1m / Math.Max(1, intradayLeverage) : 1m;

    /// <summary>Margin blocked for <paramref name="value"/> units of exposure, rounded up to a unit.</summary>
    public static long Margin(long value, decimal rate) => Money.CeilUnits(value * rate);

    /// <summary>
    /// How much of a <paramref name="side"/> order of <paramref name="quantity"/> closes the existing position
    /// rather than opening new exposure, after <paramref name="pendingSameSide"/> units of other open orders on the same
    /// side have claimed their share.
    /// </summary>
    public static long ClosingQuantity(long netQuantity, TransactionType side, long quantity, long pendingSameSide)
    {
        var opposite = side == TransactionType.Buy ? Math.Max(0, -netQuantity) : Math.Max(0, netQuantity);
        return Math.Clamp(opposite - pendingSameSide, 0, quantity);
    }

    /// <summary>Applies a fill of <paramref name="quantity"/> at <paramref name="price"/> units to a copy of <paramref name="position"/>.</summary>
    public static PaperPositionRow ApplyFill(PaperPositionRow position, TransactionType side, long quantity, long price, decimal marginRate, long now)
    {
        ArgumentNullException.ThrowIfNull(position);
        var next = position.Clone();
        var value = checked(quantity * price);
        var signed = side == TransactionType.Buy ? quantity : -quantity;
        if (side == TransactionType.Buy)
        {
            next.BuyQuantity = checked(next.BuyQuantity + quantity);
            next.BuyValue = checked(next.BuyValue + value);
        }
        else
        {
            next.SellQuantity = checked(next.SellQuantity + quantity);
            next.SellValue = checked(next.SellValue + value);
        }

        var net = position.NetQuantity;
        if (net == 0 || Math.Sign(net) == Math.Sign(signed))
        {
            next.OpenCost = checked(next.OpenCost + value);
        }
        else
        {
            var open = Math.Abs(net);
            var closing = Math.Min(quantity, open);
            var remainingCost = (long)Math.Round((decimal)position.OpenCost * (open - closing) / open, MidpointRounding.AwayFromZero);
            var closedCost = position.OpenCost - remainingCost;
            var closedValue = checked(closing * price);
            next.RealizedPnl = checked(next.RealizedPnl + (net > 0 ? closedValue - closedCost : closedCost - closedValue));
            next.OpenCost = remainingCost;
            if (quantity > closing)
            {
                // The trade flipped the position: the rest opens the other way at the trade price.
                next.OpenCost = checked((quantity - closing) * price);
            }
        }

        next.NetQuantity = checked(net + signed);
        if (next.NetQuantity == 0)
        {
            next.OpenCost = 0;
        }

        next.Margin = Margin(next.OpenCost, marginRate);
        next.UpdatedAt = now;
        return next;
    }

    /// <summary>The open quantity marked to <paramref name="ltp"/> units: (ltp − average) × net.</summary>
    public static long Unrealized(PaperPositionRow position, long ltp)
    {
        ArgumentNullException.ThrowIfNull(position);
        var marked = checked(Math.Abs(position.NetQuantity) * ltp);
        return position.NetQuantity switch
        {
            > 0 => marked - position.OpenCost,
            < 0 => position.OpenCost - marked,
            _ => 0,
        };
    }

    /// <summary>
    /// Whether a resting order acts at <paramref name="ltp"/> units, and at what price: a LIMIT (or a triggered
    /// STOP_LOSS) buy fills at its limit once the price trades at or below it (sell: at or above); a
    /// STOP_LOSS_MARKET buy fills at the last price once it trades at or above the trigger (sell: at or below); an
    /// untriggered STOP_LOSS triggers there and fills at the last price when that is within its limit, otherwise it
    /// rests as a limit order.
    /// </summary>
    public static RestingAction Evaluate(TransactionType side, OrderType type, long? price, long? trigger, bool triggered, long ltp)
    {
        var buy = side == TransactionType.Buy;
        bool LimitCrossed(long limit) => buy ? ltp <= limit : ltp >= limit;
        bool StopCrossed(long stop) => buy ? ltp >= stop : ltp <= stop;

        switch (type)
        {
            case OrderType.Limit when price is { } limit:
                return LimitCrossed(limit) ? RestingAction.FillAt(limit) : RestingAction.None;
            case OrderType.StopLossMarket when trigger is { } stop:
                return StopCrossed(stop) ? RestingAction.FillAt(ltp) : RestingAction.None;
            case OrderType.StopLoss when price is { } limit && triggered:
                return LimitCrossed(limit) ? RestingAction.FillAt(limit) : RestingAction.None;
            case OrderType.StopLoss when price is { } limit && trigger is { } stop:
                if (!StopCrossed(stop))
                {
                    return RestingAction.None;
                }

                return LimitCrossed(limit) ? RestingAction.FillAt(ltp) : RestingAction.Trigger;
            default:
                return RestingAction.None;
        }
    }
}
