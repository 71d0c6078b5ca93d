using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>An open paper order as the fill engine watches it (prices in <see cref="Money"/> units).</summary>
internal sealed record RestingOrder(
    long OrderId,
    long UserId,
    InstrumentKey Instrument,
    TransactionType Side,
    OrderType Type,
    long? Price,
    long? TriggerPrice,
    bool Triggered,
    decimal TickSize)
{
    public static RestingOrder From(PaperOrderRow row, decimal tickSize)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Id, row.UserId, row.Instrument, row.Side, row.Type, row.Price, row.TriggerPrice, row.Triggered, tickSize);
    }
}
