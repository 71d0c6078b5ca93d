using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Instruments;

namespace Relay.Server.Trading;

/// <summary>
/// The orders API proxied to DhanHQ REST v2 with the broker credentials. Orders are validated locally first
/// (instrument, lots, tick grid). Every place carries a correlation id (the client's, else one derived from the
/// Idempotency-Key, else a random one); a place that times out or loses its connection is looked up by that
/// correlation id before anything is reported, and a retry with the same Idempotency-Key looks it up again before
/// placing, so a retried place never creates a second order. Users share the DhanHQ account: each sees and
/// changes only the orders they placed through Relay; positions and funds are the account's.
/// </summary>
internal sealed partial class DhanBroker : ITradingBroker
{
    private readonly DhanOrderClient _client;
    private readonly DhanOrderStore _store;
    private readonly DhanOrderRateLimiter _limiter;
    private readonly OrderValidator _validator;
    private readonly InstrumentSearch _instruments;
    private readonly IMarketStateReader _market;
    private readonly IOrderUpdatePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<DhanBroker> _logger;

    public DhanBroker(
        DhanOrderClient client,
        DhanOrderStore store,
        DhanOrderRateLimiter limiter,
        OrderValidator validator,
        InstrumentSearch instruments,
        IMarketStateReader market,
        IOrderUpdatePublisher publisher,
        TimeProvider time,
        ILogger<DhanBroker> logger)
    {
        _client = client;
        _store = store;
        _limiter = limiter;
        _validator = validator;
        _instruments = instruments;
        _market = market;
        _publisher = publisher;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => DhanOrderStore.Broker;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The correlation id sent for a place: <c>rly</c> + 22 hex digits of SHA-256(user id, key), stable across retries.</summary>
    public static string CorrelationIdFor(long userId, string idempotencyKey) =>
        "rly" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{userId}:{idempotencyKey}"))))[..22];

    /// <inheritdoc />
    public async Task<TradingResult<PlacedOrder>> PlaceAsync(long userId, ValidatedOrder order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (idempotencyKey is null)
        {
            return await PlaceOnceAsync(userId, order, null, cancellationToken);
        }

        // Two retries of one key at the same moment must not both find "not placed yet" and both place.
        if (!_store.TryBeginPlace(userId, idempotencyKey))
        {
            return InProgress();
        }

        try
        {
            return await PlaceOnceAsync(userId, order, idempotencyKey, cancellationToken);
        }
        finally
        {
            _store.EndPlace(userId, idempotencyKey);
        }
    }

    private async Task<TradingResult<PlacedOrder>> PlaceOnceAsync(long userId, ValidatedOrder order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var clientId = await _client.ClientIdAsync(cancellationToken);
        if (clientId is null)
        {
            return DhanProblems.NoCredentials();
        }

        var correlationId = order.CorrelationId
            ?? (idempotencyKey is not null ? CorrelationIdFor(userId, idempotencyKey) : "rly" + Guid.NewGuid().ToString("N")[..22]);
        if (idempotencyKey is not null)
        {
            var fingerprint = order.Fingerprint();
            var previous = await _store.FindKeyAsync(userId, idempotencyKey, cancellationToken);
            if (previous is not null)
            {
                if (!string.Equals(previous.RequestHash, fingerprint, StringComparison.Ordinal) || previous.Broker != Name)
                {
                    return new TradingProblem(
                        StatusCodes.Status422UnprocessableEntity,
                        "Idempotency-Key reused for a different order.",
                        "This Idempotency-Key was already used for an order with different fields; use a new key for a new order.");
                }

                if (previous.OrderId is { } placedId)
                {
                    var placed = await FetchAsync(placedId, cancellationToken);
                    return placed.IsSuccess ? new PlacedOrder(placed.Value, true) : placed.Problem;
                }

                // The earlier attempt's outcome was unknown: did it reach DhanHQ after all?
                var found = await LookUpAsync(previous.CorrelationId ?? correlationId, cancellationToken);
                if (found.Order is { } earlier)
                {
                    await RecordAsync(userId, earlier.OrderId, previous.CorrelationId, idempotencyKey, cancellationToken);
                    return new PlacedOrder(earlier, true);
                }

                if (!found.Known)
                {
                    return Unconfirmed(previous.CorrelationId ?? correlationId);
                }

                correlationId = previous.CorrelationId ?? correlationId;
            }
            else if (!await _store.ClaimKeyAsync(userId, idempotencyKey, fingerprint, correlationId, Now, cancellationToken))
            {
                return InProgress();
            }
        }

        if (!_limiter.TryAcquire())
        {
            return TradingProblem.RateLimited($"Relay sends at most {_limiter.PerSecond} orders per second to DhanHQ for all users; try again in a moment.");
        }

        var body = new DhanPlaceOrderBody
        {
            DhanClientId = clientId,
            CorrelationId = correlationId,
            TransactionType = TradingNames.Name(order.Side),
            ExchangeSegment = ExchangeSegments.Name(order.Instrument.Segment),
            ProductType = TradingNames.Name(order.Product),
            OrderType = TradingNames.Name(order.Type),
            Validity = TradingNames.Name(order.Validity),
            SecurityId = order.Instrument.SecurityIdText,
            Quantity = order.Quantity,
            Price = order.Price ?? 0,
            TriggerPrice = order.TriggerPrice ?? 0,
        };
        var response = await _client.PlaceAsync(body, cancellationToken);
        OrderResponse result;
        if (response.IsSuccess && response.Read<DhanOrderStatusBody>() is { OrderId.Length: > 0 } accepted)
        {
            await RecordAsync(userId, accepted.OrderId, correlationId, idempotencyKey, cancellationToken);
            var fetched = await FetchAsync(accepted.OrderId, cancellationToken);
            result = fetched.IsSuccess ? fetched.Value : Minimal(accepted, order, correlationId);
        }
        else if (response.Failure is DhanFailureKind.Timeout or DhanFailureKind.Network or DhanFailureKind.None)
        {
            // Unknown outcome (or a 2xx without an order id): never place again blindly; ask DhanHQ.
            LogUnknownOutcome(userId, correlationId, response.Failure);
            var found = await LookUpAsync(correlationId, cancellationToken);
            if (found.Order is null)
            {
                return found.Known ? NotPlaced(correlationId) : Unconfirmed(correlationId);
            }

            await RecordAsync(userId, found.Order.OrderId, correlationId, idempotencyKey, cancellationToken);
            result = found.Order;
        }
        else
        {
            if (idempotencyKey is not null)
            {
                await _store.ReleaseKeyAsync(userId, idempotencyKey, cancellationToken);
            }

            return DhanProblems.From(response, "place the order");
        }

        LogPlaced(userId, result.OrderId, order.Instrument, result.OrderStatus);
        await PublishAsync(userId, result, cancellationToken);
        return new PlacedOrder(result, false);
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> ModifyAsync(long userId, string orderId, ModifyOrderRequest change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!await _store.IsOwnedByAsync(userId, orderId, cancellationToken))
        {
            return TradingProblem.OrderNotFound(orderId);
        }

        var current = await FetchAsync(orderId, cancellationToken);
        if (!current.IsSuccess)
        {
            return current.Problem;
        }

        if (!TradingNames.TryParse(current.Value.OrderStatus, out OrderStatus status) || !TradingNames.IsOpen(status))
        {
            return TradingProblem.NotOpen(orderId, current.Value.OrderStatus, "modified");
        }

        var merged = OrderValidator.Merge(current.Value, change);
        if (!merged.IsSuccess)
        {
            return merged.Problem;
        }

        var validated = await _validator.ValidateAsync(merged.Value, cancellationToken);
        if (!validated.IsSuccess)
        {
            return validated.Problem with { Title = "The modification is invalid." };
        }

        if (await _client.ClientIdAsync(cancellationToken) is not { } clientId)
        {
            return DhanProblems.NoCredentials();
        }

        if (!_limiter.TryAcquire())
        {
            return TradingProblem.RateLimited($"Relay sends at most {_limiter.PerSecond} orders per second to DhanHQ for all users; try again in a moment.");
        }

        var order = validated.Value;
        var response = await _client.ModifyAsync(
            orderId,
            new DhanModifyOrderBody
            {
                DhanClientId = clientId,
                OrderId = orderId,
                OrderType = TradingNames.Name(order.Type),
                Quantity = order.Quantity,
                Price = order.Price ?? 0,
                TriggerPrice = order.TriggerPrice ?? 0,
                Validity = TradingNames.Name(order.Validity),
            },
            cancellationToken);
        return await AfterWriteAsync(userId, orderId, response, "modify the order", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> CancelAsync(long userId, string orderId, CancellationToken cancellationToken)
    {
        if (!await _store.IsOwnedByAsync(userId, orderId, cancellationToken))
        {
            return TradingProblem.OrderNotFound(orderId);
        }

        if (!_limiter.TryAcquire())
        {
            return TradingProblem.RateLimited($"Relay sends at most {_limiter.PerSecond} orders per second to DhanHQ for all users; try again in a moment.");
        }

        var response = await _client.CancelAsync(orderId, cancellationToken);
        return await AfterWriteAsync(userId, orderId, response, "cancel the order", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TradingResult<IReadOnlyList<OrderResponse>>> ListOrdersAsync(long userId, CancellationToken cancellationToken)
    {
        var owned = await _store.OwnedAsync(userId, cancellationToken);
        if (owned.Count == 0)
        {
            return Array.Empty<OrderResponse>();
        }

        var response = await _client.GetOrdersAsync(cancellationToken);
        if (!response.IsSuccess)
        {
            return DhanProblems.From(response, "read the order book");
        }

        return (response.Read<List<DhanOrder>>() ?? [])
            .Where(o => o.OrderId is not null && owned.Contains(o.OrderId))
            .Select(o => o.ToResponse())
            .OrderByDescending(o => o.CreatedAt)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> GetOrderAsync(long userId, string orderId, CancellationToken cancellationToken) =>
        await _store.IsOwnedByAsync(userId, orderId, cancellationToken)
            ? await FetchAsync(orderId, cancellationToken)
            : TradingProblem.OrderNotFound(orderId);

    /// <inheritdoc />
    public async Task<TradingResult<IReadOnlyList<PositionResponse>>> GetPositionsAsync(long userId, CancellationToken cancellationToken)
    {
        var response = await _client.GetPositionsAsync(cancellationToken);
        if (!response.IsSuccess)
        {
            return DhanProblems.From(response, "read the positions");
        }

        var result = new List<PositionResponse>();
        foreach (var position in response.Read<List<DhanPosition>>() ?? [])
        {
            result.Add(position.ToResponse(position.Instrument is { } key ? await LastPriceAsync(key, cancellationToken) : null));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<TradingResult<FundsResponse>> GetFundsAsync(long userId, CancellationToken cancellationToken)
    {
        var response = await _client.GetFundLimitAsync(cancellationToken);
        return response.IsSuccess && response.Read<DhanFundLimit>() is { } funds
            ? funds.ToResponse()
            : DhanProblems.From(response, "read the funds");
    }

    private static OrderResponse Minimal(DhanOrderStatusBody accepted, ValidatedOrder order, string correlationId) => new()
    {
        OrderId = accepted.OrderId!,
        OrderStatus = TradingNames.TryParse(accepted.OrderStatus, out OrderStatus status) ? TradingNames.Name(status) : TradingNames.Name(OrderStatus.Transit),
        TransactionType = TradingNames.Name(order.Side),
        ExchangeSegment = ExchangeSegments.Name(order.Instrument.Segment),
        SecurityId = order.Instrument.SecurityIdText,
        Quantity = order.Quantity,
        Price = order.Price ?? 0,
        TriggerPrice = order.TriggerPrice ?? 0,
        OrderType = TradingNames.Name(order.Type),
        ProductType = TradingNames.Name(order.Product),
        Validity = TradingNames.Name(order.Validity),
        CorrelationId = correlationId,
    };

    private static TradingProblem InProgress() =>
        new(StatusCodes.Status409Conflict, "The order is being placed.", "A request with this Idempotency-Key is still being processed; retry in a moment.");

    private static TradingProblem Unconfirmed(string correlationId) => new(
        StatusCodes.Status504GatewayTimeout,
        "The order's outcome is not known yet.",
        $"DhanHQ did not confirm the order in time, and it could not be found by its correlation id {correlationId} either. Retry with the same Idempotency-Key (Relay looks the order up again before placing) or check the order book.");

    private static TradingProblem NotPlaced(string correlationId) => new(
        StatusCodes.Status504GatewayTimeout,
        "DhanHQ did not answer in time.",
        $"DhanHQ did not answer in time and has no order with correlation id {correlationId}: it was most likely not placed. Retry with the same Idempotency-Key to place it safely.");

    private async Task<TradingResult<OrderResponse>> AfterWriteAsync(long userId, string orderId, DhanRawResponse response, string action, CancellationToken cancellationToken)
    {
        if (!response.IsSuccess && response.Failure is not (DhanFailureKind.Timeout or DhanFailureKind.Network))
        {
            return DhanProblems.From(response, action);
        }

        // Also after a timeout: the order book tells what happened.
        var fetched = await FetchAsync(orderId, cancellationToken);
        if (!fetched.IsSuccess)
        {
            return response.IsSuccess ? fetched.Problem : DhanProblems.From(response, action);
        }

        await PublishAsync(userId, fetched.Value, cancellationToken);
        return fetched.Value;
    }

    private async Task<TradingResult<OrderResponse>> FetchAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await _client.GetOrderAsync(orderId, cancellationToken);
        if (response.IsSuccess && response.Read<DhanOrder>() is { OrderId.Length: > 0 } order)
        {
            return order.ToResponse();
        }

        return response.IsSuccess || response.Status == HttpStatusCode.NotFound
            ? TradingProblem.OrderNotFound(orderId)
            : DhanProblems.From(response, "read the order");
    }

    /// <summary>The order DhanHQ holds under <paramref name="correlationId"/>; Known is false when DhanHQ could not be asked.</summary>
    private async Task<(OrderResponse? Order, bool Known)> LookUpAsync(string correlationId, CancellationToken cancellationToken)
    {
        var response = await _client.GetOrderByCorrelationIdAsync(correlationId, cancellationToken);
        if (response.IsSuccess)
        {
            return response.Read<DhanOrder>() is { OrderId.Length: > 0 } order ? (order.ToResponse(), true) : (null, true);
        }

        var notFound = response.Failure == DhanFailureKind.Http
            && (response.Status == HttpStatusCode.NotFound || response.Error?.ErrorCode is "DH-905" or "DH-906" or "DH-907");
        return (null, notFound);
    }

    private async Task RecordAsync(long userId, string orderId, string? correlationId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // Not cancellable: DhanHQ already holds the order, so Relay must remember whose it is.
        await _store.OwnAsync(userId, orderId, correlationId, Now, CancellationToken.None);
        if (idempotencyKey is not null)
        {
            await _store.CompleteKeyAsync(userId, idempotencyKey, orderId, CancellationToken.None);
        }
    }

    private async Task<decimal?> LastPriceAsync(InstrumentKey instrument, CancellationToken cancellationToken)
    {
        if (!_market.TryGet(instrument, out var snapshot))
        {
            return null;
        }

        var tick = (await _instruments.GetAsync(instrument, cancellationToken))?.TickSize is > 0 and var size ? size : TickGrid.DefaultTick;
        return TickGrid.FromWire(snapshot.Ltp, tick);
    }

    private async Task PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken)
    {
        try
        {
            await _publisher.PublishAsync(userId, order, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(ex, userId, order.OrderId);
        }
    }

    [LoggerMessage(EventId = 7140, Level = LogLevel.Information, Message = "DhanHQ order {OrderId} of user {UserId} on {Instrument}: {Status}")]
    private partial void LogPlaced(long userId, string orderId, InstrumentKey instrument, string status);

    [LoggerMessage(EventId = 7141, Level = LogLevel.Warning, Message = "DhanHQ place for user {UserId} has an unknown outcome ({Failure}); looking it up by correlation id {CorrelationId}")]
    private partial void LogUnknownOutcome(long userId, string correlationId, DhanFailureKind failure);

    [LoggerMessage(EventId = 7142, Level = LogLevel.Warning, Message = "Could not push the update of DhanHQ order {OrderId} to user {UserId}")]
    private partial void LogPublishFailed(Exception exception, long userId, string orderId);
}
