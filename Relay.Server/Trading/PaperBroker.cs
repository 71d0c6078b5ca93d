using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Instruments;

namespace Relay.Server.Trading;

/// <summary>
/// Relay's paper broker. Market orders fill in full at Relay's own last traded price (rounded to the tick grid;
/// a price the client sends with a market order is ignored); limit and stop-loss orders rest and are filled by
/// <see cref="PaperFillEngine"/> as the tick stream crosses them (rules: <see cref="PaperMath.Evaluate"/>). No
/// partial fills: the paper market has unlimited depth at the last price. Every change is one SQLite transaction
/// (<see cref="PaperTradingStore.WriteAsync{T}"/>).
/// </summary>
/// <remarks>
/// Funds: each user's account opens with <see cref="TradingOptions.StartingFunds"/>. Available = opening balance +
/// realized P&amp;L − margin of open positions − reservations of open orders. Margin of a position is its open cost ×
/// the product's rate (<see cref="PaperMath.MarginRate"/>: CNC and MARGIN 100%, INTRADAY 1/leverage). An open order
/// reserves the same rate of the value of the quantity that would open new exposure, at its limit (or trigger)
/// price; quantity that closes an existing position needs nothing. An order that opens exposure is refused (422) or,
/// when it fills later and the funds are gone by then, rejected; closing trades are never refused, so losses can
/// push the balance below zero. CNC is long-only: a CNC SELL needs the quantity in a CNC position not already
/// offered by other open CNC sells. Unrealized P&amp;L does not change the available balance.
/// </remarks>
internal sealed partial class PaperBroker : ITradingBroker
{
    /// <summary>The most modifications one order accepts (DhanHQ's limit).</summary>
    public const int MaxModifications = 25;

    private readonly PaperTradingStore _store;
    private readonly PaperOrderBook _book;
    private readonly PaperMarketInterest _interest;
    private readonly IMarketStateReader _market;
    private readonly OrderValidator _validator;
    private readonly InstrumentSearch _instruments;
    private readonly IOrderUpdatePublisher _publisher;
    private readonly IOptions<TradingOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PaperBroker> _logger;

    public PaperBroker(
        PaperTradingStore store,
        PaperOrderBook book,
        PaperMarketInterest interest,
        IMarketStateReader market,
        OrderValidator validator,
        InstrumentSearch instruments,
        IOrderUpdatePublisher publisher,
        IOptions<TradingOptions> options,
        TimeProvider time,
        ILogger<PaperBroker> logger)
    {
        _store = store;
        _book = book;
        _interest = interest;
        _market = market;
        _validator = validator;
        _instruments = instruments;
        _publisher = publisher;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "Paper";

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private decimal Rate(ProductType product) => PaperMath.MarginRate(product, _options.Value.IntradayLeverage);

    /// <inheritdoc />
    public async Task<TradingResult<PlacedOrder>> PlaceAsync(long userId, ValidatedOrder order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var ltp = LastPrice(order.Instrument, order.TickSize);
        var now = Now;
        var fingerprint = idempotencyKey is null ? null : order.Fingerprint();
        var opening = Money.ToUnits(_options.Value.StartingFunds);

        var outcome = await _store.WriteAsync<TradingResult<(PaperChange Change, bool Replayed)>>(
            async tx =>
            {
                if (idempotencyKey is not null && await tx.FindIdempotencyAsync(userId, idempotencyKey) is { } previous)
                {
                    if (!string.Equals(previous.RequestHash, fingerprint, StringComparison.Ordinal) || previous.Broker != Name)
                    {
                        return IdempotencyKeyReused();
                    }

                    var existing = long.TryParse(previous.OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out var previousId)
                        ? await tx.GetOrderAsync(userId, previousId)
                        : null;
                    return existing is null
                        ? throw new InvalidOperationException($"Idempotency key row points at a missing paper order for user {userId}.")
                        : (new PaperChange(existing), true);
                }

                await tx.EnsureAccountAsync(userId, opening, now);
                var row = new PaperOrderRow
                {
                    UserId = userId,
                    ExchangeSegment = ExchangeSegments.Name(order.Instrument.Segment),
                    SecurityId = order.Instrument.SecurityId,
                    TransactionType = TradingNames.Name(order.Side),
                    ProductType = TradingNames.Name(order.Product),
                    CorrelationId = order.CorrelationId,
                    CreatedAt = now,
                };
                var processed = await ProcessAsync(tx, row, order, ltp, now, isNew: true);
                if (!processed.IsSuccess)
                {
                    return processed.Problem;
                }

                if (idempotencyKey is not null)
                {
                    await tx.InsertIdempotencyAsync(userId, idempotencyKey, Name, fingerprint!, row.OrderIdText, order.CorrelationId, now);
                }

                return (processed.Value, false);
            },
            cancellationToken);

        if (!outcome.IsSuccess)
        {
            return outcome.Problem;
        }

        var (change, replayed) = outcome.Value;
        if (!replayed)
        {
            LogPlaced(userId, change.Order.Id, order.Instrument, change.Order.Status);
            await AfterCommitAsync(change, order.TickSize, cancellationToken);
        }

        return new PlacedOrder(change.Order.ToResponse(), replayed);
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> ModifyAsync(long userId, string orderId, ModifyOrderRequest change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!TryParseId(orderId, out var id) || await _store.GetOrderAsync(userId, id, cancellationToken) is not { } current)
        {
            return TradingProblem.OrderNotFound(orderId);
        }

        if (!current.IsOpen)
        {
            return TradingProblem.NotOpen(orderId, current.Status, "modified");
        }

        var merged = OrderValidator.Merge(current.ToResponse(), change);
        if (!merged.IsSuccess)
        {
            return merged.Problem;
        }

        var validated = await _validator.ValidateAsync(merged.Value, cancellationToken);
        if (!validated.IsSuccess)
        {
            return validated.Problem with { Title = "The modification is invalid." };
        }

        var order = validated.Value;
        var ltp = LastPrice(order.Instrument, order.TickSize);
        var now = Now;
        var outcome = await _store.WriteAsync<TradingResult<PaperChange>>(
            async tx =>
            {
                var row = await tx.GetOrderAsync(userId, id);
                if (row is null)
                {
                    return TradingProblem.OrderNotFound(orderId);
                }

                if (!row.IsOpen)
                {
                    return TradingProblem.NotOpen(orderId, row.Status, "modified");
                }

                if (row.Modifications >= MaxModifications)
                {
                    return new TradingProblem(
                        StatusCodes.Status409Conflict,
                        "The order can no longer be modified.",
                        $"Order {orderId} was already modified {MaxModifications} times, the most an order allows; cancel it and place a new one.");
                }

                if (row.Triggered && (order.Type != OrderType.StopLoss || Money.ToUnits(order.TriggerPrice ?? 0) != row.TriggerPrice))
                {
                    row.Triggered = false;
                }

                row.Modifications++;
                return await ProcessAsync(tx, row, order, ltp, now, isNew: false);
            },
            cancellationToken);

        if (!outcome.IsSuccess)
        {
            return outcome.Problem with { Title = outcome.Problem.Title == "The order is invalid." ? "The modification is invalid." : outcome.Problem.Title };
        }

        LogModified(userId, id, outcome.Value.Order.Status);
        await AfterCommitAsync(outcome.Value, order.TickSize, cancellationToken);
        return outcome.Value.Order.ToResponse();
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> CancelAsync(long userId, string orderId, CancellationToken cancellationToken)
    {
        if (!TryParseId(orderId, out var id))
        {
            return TradingProblem.OrderNotFound(orderId);
        }

        var now = Now;
        var outcome = await _store.WriteAsync<TradingResult<PaperChange>>(
            async tx =>
            {
                var row = await tx.GetOrderAsync(userId, id);
                if (row is null)
                {
                    return TradingProblem.OrderNotFound(orderId);
                }

                if (!row.IsOpen)
                {
                    return TradingProblem.NotOpen(orderId, row.Status, "cancelled");
                }

                row.Status = TradingNames.Name(OrderStatus.Cancelled);
                row.Reserved = 0;
                row.UpdatedAt = now;
                await tx.UpdateOrderAsync(row);
                return new PaperChange(row);
            },
            cancellationToken);

        if (!outcome.IsSuccess)
        {
            return outcome.Problem;
        }

        LogCancelled(userId, id);
        await AfterCommitAsync(outcome.Value, TickGrid.DefaultTick, cancellationToken);
        return outcome.Value.Order.ToResponse();
    }

    private static bool TryParseId(string orderId, out long id) =>
        long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static TradingProblem IdempotencyKeyReused() => new(
        StatusCodes.Status422UnprocessableEntity,
        "Idempotency-Key reused for a different order.",
        "This Idempotency-Key was already used for an order with different fields; use a new key for a new order.");
}
