using Relay.Core.Contracts;

namespace Relay.Server.Trading;

internal sealed partial class PaperBroker
{
    /// <inheritdoc />
    public async Task<TradingResult<IReadOnlyList<OrderResponse>>> ListOrdersAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await _store.ListOrdersAsync(userId, cancellationToken);
        return rows.Select(r => r.ToResponse()).ToList();
    }

    /// <inheritdoc />
    public async Task<TradingResult<OrderResponse>> GetOrderAsync(long userId, string orderId, CancellationToken cancellationToken) =>
        TryParseId(orderId, out var id) && await _store.GetOrderAsync(userId, id, cancellationToken) is { } row
            ? row.ToResponse()
            : TradingProblem.OrderNotFound(orderId);

    /// <inheritdoc />
    public async Task<TradingResult<IReadOnlyList<PositionResponse>>> GetPositionsAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await _store.ListPositionsAsync(userId, cancellationToken);
        var result = new List<PositionResponse>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(row.ToResponse(await MarkAsync(row.Instrument, cancellationToken)));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<TradingResult<FundsResponse>> GetFundsAsync(long userId, CancellationToken cancellationToken)
    {
        await _store.EnsureAccountAsync(userId, Money.ToUnits(_options.Value.StartingFunds), Now, cancellationToken);
        var funds = await _store.GetFundsAsync(userId, cancellationToken);
        long unrealized = 0;
        foreach (var position in await _store.ListPositionsAsync(userId, cancellationToken))
        {
            if (position.NetQuantity != 0 && await MarkAsync(position.Instrument, cancellationToken) is { } ltp)
            {
                unrealized += PaperMath.Unrealized(position, ltp);
            }
        }

        return new FundsResponse
        {
            AvailableBalance = Money.ToRupees(funds.Available),
            UtilizedAmount = Money.ToRupees(funds.Utilized),
            OpeningBalance = Money.ToRupees(funds.OpeningBalance),
            RealizedPnl = Money.ToRupees(funds.RealizedPnl),
            UnrealizedPnl = Money.ToRupees(unrealized),
        };
    }

    /// <summary>The last price of <paramref name="instrument"/> on its tick grid, in units; null when none.</summary>
    private async Task<long?> MarkAsync(InstrumentKey instrument, CancellationToken cancellationToken)
    {
        if (!_market.TryGet(instrument, out _))
        {
            return null;
        }

        var tick = (await _instruments.GetAsync(instrument, cancellationToken))?.TickSize is > 0 and var size ? size : TickGrid.DefaultTick;
        return LastPrice(instrument, tick);
    }
}
