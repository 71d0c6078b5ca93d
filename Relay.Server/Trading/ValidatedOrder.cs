using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>An order that passed <see cref="OrderValidator"/>: known instrument, whole lots, prices on the tick grid.</summary>
internal sealed record ValidatedOrder
{
    public required InstrumentKey Instrument { get; init; }

    /// <summary>The instrument's trading symbol, for messages.</summary>
    public required string Symbol { get; init; }

    /// <summary>Lot size in units.</summary>
    public required int LotSize { get; init; }

    /// <summary>Tick size in rupees.</summary>
    public required decimal TickSize { get; init; }

    public required TransactionType Side { get; init; }

    public required OrderType Type { get; init; }

    public required ProductType Product { get; init; }

    public required OrderValidity Validity { get; init; }

    /// <summary>Quantity in units (a whole number of lots).</summary>
    public required long Quantity { get; init; }

    /// <summary>Limit price in rupees for LIMIT and STOP_LOSS; <c>null</c> otherwise (a client price on a market order is dropped).</summary>
    public decimal? Price { get; init; }

    /// <summary>Trigger price in rupees for STOP_LOSS and STOP_LOSS_MARKET; <c>null</c> otherwise.</summary>
    public decimal? TriggerPrice { get; init; }

    /// <summary>The client's correlation id, or <c>null</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// A hash of everything that defines the order, stored with an <c>Idempotency-Key</c> so that the key reused
    /// for a different order is refused instead of silently answered with the first one.
    /// </summary>
    public string Fingerprint()
    {
        var text = string.Join(
            '|',
            Instrument.ToString(),
            TradingNames.Name(Side),
            TradingNames.Name(Type),
            TradingNames.Name(Product),
            TradingNames.Name(Validity),
            Quantity.ToString(CultureInfo.InvariantCulture),
            Price?.ToString(CultureInfo.InvariantCulture) ?? "",
            TriggerPrice?.ToString(CultureInfo.InvariantCulture) ?? "",
            CorrelationId ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
