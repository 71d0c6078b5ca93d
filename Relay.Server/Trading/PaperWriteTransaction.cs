using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>The operations available inside <see cref="PaperTradingStore.WriteAsync{T}"/>; all run in its transaction.</summary>
internal sealed class PaperWriteTransaction
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly CancellationToken _cancellationToken;

    public PaperWriteTransaction(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transaction = transaction;
        _cancellationToken = cancellationToken;
    }

    public Task EnsureAccountAsync(long userId, long openingBalance, long now) =>
        ExecuteAsync(PaperTradingSql.EnsureAccount, new { UserId = userId, OpeningBalance = openingBalance, CreatedAt = now });

    public Task<PaperFundsRow> GetFundsAsync(long userId) =>
        _connection.QuerySingleAsync<PaperFundsRow>(Command(PaperTradingSql.Funds, new { UserId = userId }));

    public Task<IdempotencyRow?> FindIdempotencyAsync(long userId, string key) =>
        _connection.QuerySingleOrDefaultAsync<IdempotencyRow>(Command(PaperTradingSql.FindIdempotency, new { UserId = userId, Key = key }));

    public Task InsertIdempotencyAsync(long userId, string key, string broker, string requestHash, string orderId, string? correlationId, long now) =>
        ExecuteAsync(PaperTradingSql.InsertIdempotency, new { UserId = userId, Key = key, Broker = broker, RequestHash = requestHash, OrderId = orderId, CorrelationId = correlationId, CreatedAt = now });

    public Task<PaperOrderRow?> GetOrderAsync(long orderId) =>
        _connection.QuerySingleOrDefaultAsync<PaperOrderRow>(Command(PaperTradingSql.OrderById, new { Id = orderId }));

    public Task<PaperOrderRow?> GetOrderAsync(long userId, long orderId) =>
        _connection.QuerySingleOrDefaultAsync<PaperOrderRow>(Command(PaperTradingSql.OrderOfUser, new { Id = orderId, UserId = userId }));

    /// <summary>Inserts the order and sets its <see cref="PaperOrderRow.Id"/>.</summary>
    public async Task InsertOrderAsync(PaperOrderRow order)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Id = await _connection.ExecuteScalarAsync<long>(Command(PaperTradingSql.InsertOrder, order));
    }

    public Task UpdateOrderAsync(PaperOrderRow order) => ExecuteAsync(PaperTradingSql.UpdateOrder, order);

    /// <summary>Open quantity of the user's other open orders on the same instrument, product and side.</summary>
    public Task<long> PendingSameSideAsync(long userId, InstrumentKey instrument, ProductType product, TransactionType side, long excludeOrderId) =>
        _connection.ExecuteScalarAsync<long>(Command(PaperTradingSql.PendingSameSide, new
        {
            UserId = userId,
            ExchangeSegment = ExchangeSegments.Name(instrument.Segment),
            SecurityId = (long)instrument.SecurityId,
            ProductType = TradingNames.Name(product),
            TransactionType = TradingNames.Name(side),
            ExcludeId = excludeOrderId,
        }));

    public async Task<PaperPositionRow> GetPositionAsync(long userId, InstrumentKey instrument, ProductType product) =>
        await _connection.QuerySingleOrDefaultAsync<PaperPositionRow>(Command(PaperTradingSql.Position, new
        {
            UserId = userId,
            ExchangeSegment = ExchangeSegments.Name(instrument.Segment),
            SecurityId = (long)instrument.SecurityId,
            ProductType = TradingNames.Name(product),
        })) ?? PaperPositionRow.Empty(userId, instrument, product);

    public Task UpsertPositionAsync(PaperPositionRow position) => ExecuteAsync(PaperTradingSql.UpsertPosition, position);

    public Task InsertTradeAsync(PaperOrderRow order, long quantity, long price, long now) => ExecuteAsync(PaperTradingSql.InsertTrade, new
    {
        OrderId = order.Id,
        order.UserId,
        order.ExchangeSegment,
        order.SecurityId,
        order.ProductType,
        order.TransactionType,
        Quantity = quantity,
        Price = price,
        TradedAt = now,
    });

    private Task ExecuteAsync(string sql, object parameters) => _connection.ExecuteAsync(Command(sql, parameters));

    private CommandDefinition Command(string sql, object parameters) =>
        new(sql, parameters, _transaction, cancellationToken: _cancellationToken);
}
