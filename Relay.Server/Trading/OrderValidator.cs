using System.Globalization;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Server.Instruments;

namespace Relay.Server.Trading;

/// <summary>
/// Checks an order against the request rules and the instrument master: every field named, the instrument
/// known and tradable, the quantity a whole number of lots, prices positive and on the tick grid, stop-loss
/// prices consistent. All problems are reported together, keyed by the request's field names.
/// </summary>
internal sealed class OrderValidator
{
    /// <summary>The longest correlation id DhanHQ accepts.</summary>
    public const int MaxCorrelationIdLength = 25;

    /// <summary>The highest price accepted, rupees.</summary>
    public const decimal MaxPrice = 10_000_000m;

    private readonly InstrumentSearch _instruments;
    private readonly IOptions<TradingOptions> _options;

    public OrderValidator(InstrumentSearch instruments, IOptions<TradingOptions> options)
    {
        _instruments = instruments;
        _options = options;
    }

    /// <summary>Validates a new order.</summary>
    public async Task<TradingResult<ValidatedOrder>> ValidateAsync(PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (!TradingNames.TryParse(request.TransactionType, out TransactionType side))
        {
            Add("transactionType", Missing(request.TransactionType, "transactionType", "BUY or SELL"));
        }

        if (!TradingNames.TryParse(request.OrderType, out OrderType type))
        {
            Add("orderType", Missing(request.OrderType, "orderType", "MARKET, LIMIT, STOP_LOSS or STOP_LOSS_MARKET"));
        }

        if (!TradingNames.TryParse(request.ProductType, out ProductType product))
        {
            Add("productType", Missing(request.ProductType, "productType", "CNC, INTRADAY or MARGIN"));
        }

        var validity = OrderValidity.Day;
        if (request.Validity is not null && !TradingNames.TryParse(request.Validity, out validity))
        {
            Add("validity", Missing(request.Validity, "validity", "DAY or IOC"));
        }

        InstrumentKey key = default;
        var keyValid = false;
        if (string.IsNullOrWhiteSpace(request.ExchangeSegment))
        {
            Add("exchangeSegment", "exchangeSegment is required (e.g. NSE_EQ).");
        }
        else if (string.IsNullOrWhiteSpace(request.SecurityId))
        {
            Add("securityId", "securityId is required (e.g. \"1333\").");
        }
        else if (!InstrumentKey.TryCreate(request.ExchangeSegment.Trim(), request.SecurityId.Trim(), out key, out var keyError))
        {
            Add(keyError.StartsWith("Unknown exchange segment", StringComparison.Ordinal) ? "exchangeSegment" : "securityId", keyError);
        }
        else if (key.Segment == ExchangeSegment.IDX_I)
        {
            Add("exchangeSegment", $"{key} is an index: indices cannot be traded (trade its futures or options instead).");
        }
        else
        {
            keyValid = true;
        }

        var maxQuantity = _options.Value.MaxOrderQuantity;
        if (request.Quantity is not { } quantity)
        {
            Add("quantity", "quantity is required (units, a multiple of the lot size).");
            quantity = 0;
        }
        else if (quantity <= 0 || quantity > maxQuantity)
        {
            Add("quantity", string.Create(CultureInfo.InvariantCulture, $"quantity must be from 1 to {maxQuantity:N0}; it is {quantity}."));
        }

        var isLimitPriced = type is OrderType.Limit or OrderType.StopLoss;
        var isStop = type is OrderType.StopLoss or OrderType.StopLossMarket;
        var price = isLimitPriced ? request.Price : null;
        var trigger = isStop ? request.TriggerPrice : null;
        if (isLimitPriced && price is null)
        {
            Add("price", $"A {TradingNames.Name(type)} order needs a price (rupees).");
        }
        else if (price is { } p && (p <= 0 || p > MaxPrice))
        {
            Add("price", string.Create(CultureInfo.InvariantCulture, $"price must be above 0 and at most {MaxPrice:N0}; it is {p}."));
            price = null;
        }

        if (isStop && trigger is null)
        {
            Add("triggerPrice", $"A {TradingNames.Name(type)} order needs a triggerPrice (rupees).");
        }
        else if (trigger is { } t && (t <= 0 || t > MaxPrice))
        {
            Add("triggerPrice", string.Create(CultureInfo.InvariantCulture, $"triggerPrice must be above 0 and at most {MaxPrice:N0}; it is {t}."));
            trigger = null;
        }

        if (type == OrderType.StopLoss && price is { } limit && trigger is { } stop && errors.Count == 0)
        {
            if (side == TransactionType.Buy && limit < stop)
            {
                Add("price", string.Create(CultureInfo.InvariantCulture, $"A STOP_LOSS BUY's price ({limit}) must be at or above its triggerPrice ({stop})."));
            }
            else if (side == TransactionType.Sell && limit > stop)
            {
                Add("price", string.Create(CultureInfo.InvariantCulture, $"A STOP_LOSS SELL's price ({limit}) must be at or below its triggerPrice ({stop})."));
            }
        }

        if (validity == OrderValidity.Ioc && isStop)
        {
            Add("validity", "IOC validity is for MARKET and LIMIT orders; stop-loss orders are DAY orders.");
        }

        if (keyValid && errors.ContainsKey("productType") is false)
        {
            var equity = key.Segment is ExchangeSegment.NSE_EQ or ExchangeSegment.BSE_EQ;
            if (product == ProductType.Cnc && !equity)
            {
                Add("productType", $"CNC (delivery) is for equities; {ExchangeSegments.Name(key.Segment)} orders use INTRADAY or MARGIN.");
            }
            else if (product == ProductType.Margin && equity)
            {
                Add("productType", "MARGIN is for derivatives; equity orders use CNC (delivery) or INTRADAY.");
            }
        }

        var correlationId = string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId.Trim();
        if (correlationId is not null && !IsValidCorrelationId(correlationId))
        {
            Add("correlationId", $"correlationId is up to {MaxCorrelationIdLength} letters, digits, spaces, '-' or '_'.");
        }

        Instrument? instrument = null;
        if (keyValid)
        {
            instrument = await _instruments.GetAsync(key, cancellationToken);
            if (instrument is null)
            {
                Add("securityId", $"Unknown instrument {key}: it is not in Relay's instrument master.");
            }
        }

        var tick = instrument?.TickSize is > 0 ? instrument.TickSize.Value : TickGrid.DefaultTick;
        if (instrument is not null)
        {
            if (quantity > 0 && instrument.LotSize > 1 && quantity % instrument.LotSize != 0)
            {
                var lots = Math.Max(1, quantity / instrument.LotSize);
                Add("quantity", string.Create(
                    CultureInfo.InvariantCulture,
                    $"Quantity {quantity} is not a multiple of the lot size {instrument.LotSize} of {instrument.Symbol}: use {lots * instrument.LotSize} or {(lots + 1) * instrument.LotSize}."));
            }

            CheckGrid("price", price, tick, Add);
            CheckGrid("triggerPrice", trigger, tick, Add);
        }

        if (errors.Count > 0)
        {
            return TradingProblem.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return new ValidatedOrder
        {
            Instrument = key,
            Symbol = instrument!.Symbol,
            LotSize = Math.Max(1, instrument.LotSize),
            TickSize = tick,
            Side = side,
            Type = type,
            Product = product,
            Validity = validity,
            Quantity = quantity,
            Price = price is { } finalPrice ? Money.Normalize(finalPrice) : null,
            TriggerPrice = trigger is { } finalTrigger ? Money.Normalize(finalTrigger) : null,
            CorrelationId = correlationId,
        };
    }

    /// <summary>The order <paramref name="existing"/> would become with <paramref name="change"/> applied, as a request to validate again.</summary>
    public static TradingResult<PlaceOrderRequest> Merge(OrderResponse existing, ModifyOrderRequest change)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(change);
        if (change is { Quantity: null, Price: null, TriggerPrice: null, OrderType: null, Validity: null })
        {
            return TradingProblem.Field("quantity", "Nothing to modify: give quantity, price, triggerPrice, orderType or validity.", "The modification is invalid.");
        }

        return new PlaceOrderRequest
        {
            TransactionType = existing.TransactionType,
            ExchangeSegment = existing.ExchangeSegment,
            SecurityId = existing.SecurityId,
            Quantity = change.Quantity ?? existing.Quantity,
            OrderType = change.OrderType ?? existing.OrderType,
            Price = change.Price ?? (existing.Price > 0 ? existing.Price : null),
            TriggerPrice = change.TriggerPrice ?? (existing.TriggerPrice > 0 ? existing.TriggerPrice : null),
            ProductType = existing.ProductType,
            Validity = change.Validity ?? existing.Validity,
            CorrelationId = existing.CorrelationId,
        };
    }

    /// <summary>DhanHQ's correlation id rule: 1 to 25 ASCII letters, digits, spaces, '-' or '_'.</summary>
    public static bool IsValidCorrelationId(string value) =>
        value.Length is > 0 and <= MaxCorrelationIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_');

    private static void CheckGrid(string field, decimal? price, decimal tick, Action<string, string> add)
    {
        if (price is { } p && !TickGrid.IsOnGrid(p, tick))
        {
            var (below, above) = TickGrid.Neighbours(p, tick);
            add(field, string.Create(
                CultureInfo.InvariantCulture,
                $"{field} {p} is not on the tick grid of {Money.Normalize(tick)}: use {below} or {above}."));
        }
    }

    private static string Missing(string? given, string field, string allowed) =>
        given is null ? $"{field} is required: {allowed}." : $"{field} {TradingProblem.Quote(given)} is not one of {allowed}.";
}
