using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

internal sealed partial class PaperBroker
{
    /// <summary>
    /// Called by <see cref="PaperFillEngine"/> when the last price <paramref name="ltp"/> (units, on the grid) crossed a
    /// resting order: re-reads the order inside a transaction and triggers, fills or rejects it. False when the order
    /// was no longer open (it left the book).
    /// </summary>
    public async Task<bool> OnPriceAsync(RestingOrder resting, long ltp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resting);
        var now = Now;
        var change = await _store.WriteAsync<PaperChange?>(
            async tx =>
            {
                var row = await tx.GetOrderAsync(resting.OrderId);
                if (row is null || !row.IsOpen)
                {
                    return null;
                }

                var action = PaperMath.Evaluate(row.Side, row.Type, row.Price, row.TriggerPrice, row.Triggered, ltp);
                switch (action.Kind)
                {
                    case RestingActionKind.Trigger:
                        row.Triggered = true;
                        row.UpdatedAt = now;
                        await tx.UpdateOrderAsync(row);
                        return new PaperChange(row);
                    case RestingActionKind.Fill:
                        var funds = await tx.GetFundsAsync(row.UserId);
                        var position = await tx.GetPositionAsync(row.UserId, row.Instrument, row.Product);
                        return await FillAsync(tx, row, position, funds.Available + row.Reserved, action.FillPrice, now, refuse: false) switch
                        {
                            { IsSuccess: true } filled => filled.Value,
                            var refused => throw new InvalidOperationException(refused.Problem!.Detail),
                        };
                    default:
                        return null;
                }
            },
            cancellationToken);

        if (change is null)
        {
            _book.Remove(resting.OrderId);
            return false;
        }

        if (!change.Order.IsOpen || change.Order.Triggered != resting.Triggered)
        {
            await AfterCommitAsync(change, resting.TickSize, cancellationToken);
        }

        return change.Order.IsOpen;
    }

    /// <summary>
    /// Decides what a new or modified order does now and writes it: a market order (or a limit order the last price
    /// already satisfies) fills at once, an IOC order that cannot is cancelled, anything else rests with its funds
    /// reserved. <paramref name="row"/> carries the identity (and, when modified, the stored state); the order's terms
    /// come from <paramref name="order"/>. Refusals return before anything is written.
    /// </summary>
    private async Task<TradingResult<PaperChange>> ProcessAsync(PaperWriteTransaction tx, PaperOrderRow row, ValidatedOrder order, long? ltp, long now, bool isNew)
    {
        var previousReserve = isNew ? 0 : row.Reserved;
        var buy = order.Side == TransactionType.Buy;
        var price = order.Price is { } p ? Money.ToUnits(p) : (long?)null;
        var trigger = order.TriggerPrice is { } t ? Money.ToUnits(t) : (long?)null;

        if (trigger is { } stop && ltp is { } last && !row.Triggered && (buy ? last >= stop : last <= stop))
        {
            return TradingProblem.Field(
                "triggerPrice",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A stop-loss {TradingNames.Name(order.Side)} triggers when the price {(buy ? "rises to" : "falls to")} its triggerPrice, so the trigger must be {(buy ? "above" : "below")} the last price {Money.ToRupees(last)}; it is {Money.ToRupees(stop)}."));
        }

        row.OrderType = TradingNames.Name(order.Type);
        row.Validity = TradingNames.Name(order.Validity);
        row.Quantity = order.Quantity;
        row.Price = price;
        row.TriggerPrice = trigger;
        row.UpdatedAt = now;
        row.RejectionReason = null;

        if (order.Type == OrderType.Market && ltp is null)
        {
            var reason = $"No last traded price for {order.Instrument} yet.";
            if (!isNew)
            {
                return new TradingProblem(StatusCodes.Status422UnprocessableEntity, "No last traded price.", $"{reason} The order cannot become a MARKET order until the instrument has traded.");
            }

            row.Status = TradingNames.Name(OrderStatus.Rejected);
            row.RejectionReason = reason;
            row.Reserved = 0;
            await tx.InsertOrderAsync(row);
            return new PaperChange(row);
        }

        var position = await tx.GetPositionAsync(row.UserId, order.Instrument, order.Product);
        var pendingSameSide = await tx.PendingSameSideAsync(row.UserId, order.Instrument, order.Product, order.Side, row.Id);
        if (order.Product == ProductType.Cnc && !buy)
        {
            var free = Math.Max(0, position.NetQuantity) - pendingSameSide;
            if (order.Quantity > free)
            {
                return new TradingProblem(
                    StatusCodes.Status422UnprocessableEntity,
                    "Not enough holdings.",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"A CNC SELL needs holdings: you hold {Math.Max(0, position.NetQuantity)} of {order.Symbol} in CNC ({pendingSameSide} already in open sell orders), so at most {Math.Max(0, free)} can be sold. Sell short with INTRADAY."));
            }
        }

        var funds = await tx.GetFundsAsync(row.UserId);
        var available = funds.Available + previousReserve;
        long? fillNow = order.Type switch
        {
            OrderType.Market => ltp,
            OrderType.Limit when ltp is { } marketable && (buy ? marketable <= price : marketable >= price) => marketable,
            _ => null,
        };

        if (fillNow is { } fillPrice)
        {
            return await FillAsync(tx, row, position, available, fillPrice, now, refuse: true, isNew);
        }

        if (order.Validity == OrderValidity.Ioc)
        {
            row.Status = TradingNames.Name(OrderStatus.Cancelled);
            row.RejectionReason = ltp is { } lastPrice
                ? string.Create(CultureInfo.InvariantCulture, $"IOC order not filled at once: the last price {Money.ToRupees(lastPrice)} is {(buy ? "above" : "below")} the limit {Money.ToRupees(price ?? 0)}.")
                : $"IOC order not filled at once: no last traded price for {order.Instrument} yet.";
            row.Reserved = 0;
            await SaveAsync(tx, row, isNew);
            return new PaperChange(row);
        }

        var reference = Math.Max(price ?? 0, trigger ?? 0);
        var openingQuantity = order.Quantity - PaperMath.ClosingQuantity(position.NetQuantity, order.Side, order.Quantity, pendingSameSide);
        var reserve = PaperMath.Margin(checked(openingQuantity * reference), Rate(order.Product));
        if (reserve > available)
        {
            return TradingProblem.InsufficientFunds(reserve, available);
        }

        row.Status = TradingNames.Name(OrderStatus.Pending);
        row.Reserved = reserve;
        await SaveAsync(tx, row, isNew);
        return new PaperChange(row);
    }

    /// <summary>
    /// Fills <paramref name="row"/> completely at <paramref name="price"/>. When the fill opens exposure the account
    /// cannot carry (<paramref name="available"/> includes the order's own reservation), it is refused as a problem
    /// (<paramref name="refuse"/>, at placement) or the order is rejected (later fills).
    /// </summary>
    private async Task<TradingResult<PaperChange>> FillAsync(
        PaperWriteTransaction tx, PaperOrderRow row, PaperPositionRow position, long available, long price, long now, bool refuse, bool isNew = false)
    {
        var side = row.Side;
        var rate = Rate(row.Product);
        var next = PaperMath.ApplyFill(position, side, row.Quantity, price, rate, now);
        var openingQuantity = row.Quantity - PaperMath.ClosingQuantity(position.NetQuantity, side, row.Quantity, 0);
        var availableAfter = available - (next.Margin - position.Margin) + (next.RealizedPnl - position.RealizedPnl);
        if (openingQuantity > 0 && availableAfter < 0)
        {
            var needed = PaperMath.Margin(checked(openingQuantity * price), rate);
            if (refuse)
            {
                return TradingProblem.InsufficientFunds(needed, available);
            }

            row.Status = TradingNames.Name(OrderStatus.Rejected);
            row.RejectionReason = $"Insufficient funds when the order filled: it needed ₹{Money.Format(needed)}, ₹{Money.Format(Math.Max(0, available))} was available.";
            row.Reserved = 0;
            row.UpdatedAt = now;
            await SaveAsync(tx, row, isNew);
            return new PaperChange(row);
        }

        row.Status = TradingNames.Name(OrderStatus.Traded);
        row.FilledQuantity = row.Quantity;
        row.AveragePrice = price;
        row.Reserved = 0;
        row.UpdatedAt = now;
        await SaveAsync(tx, row, isNew);
        await tx.InsertTradeAsync(row, row.Quantity, price, now);
        await tx.UpsertPositionAsync(next);
        return new PaperChange(row, position, next);
    }

    private static Task SaveAsync(PaperWriteTransaction tx, PaperOrderRow row, bool isNew) =>
        isNew ? tx.InsertOrderAsync(row) : tx.UpdateOrderAsync(row);

    /// <summary>Mirrors a committed change in memory (book, upstream interest) and pushes the order to its user.</summary>
    private async Task AfterCommitAsync(PaperChange change, decimal tickSize, CancellationToken cancellationToken)
    {
        var order = change.Order;
        if (order.IsOpen)
        {
            _book.Upsert(RestingOrder.From(order, tickSize));
        }
        else
        {
            _book.Remove(order.Id);
        }

        if (change is { PositionBefore: { } before, PositionAfter: { } after })
        {
            if (before.NetQuantity == 0 && after.NetQuantity != 0)
            {
                _interest.Add(after.Instrument);
            }
            else if (before.NetQuantity != 0 && after.NetQuantity == 0)
            {
                _interest.Remove(after.Instrument);
            }
        }

        try
        {
            await _publisher.PublishAsync(order.UserId, order.ToResponse(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(ex, order.UserId, order.Id);
        }
    }

    /// <summary>Relay's last traded price of <paramref name="instrument"/> in units, on the tick grid; null when none.</summary>
    private long? LastPrice(InstrumentKey instrument, decimal tickSize) =>
        _market.TryGet(instrument, out var snapshot) && TickGrid.FromWire(snapshot.Ltp, tickSize) is { } ltp ? Money.ToUnits(ltp) : null;
}
