using Dapper;
using Relay.Server.Storage;

namespace Relay.Server.Trading;

/// <summary>
/// The paper broker's storage. Every change runs in <see cref="WriteAsync{T}"/>: one SQLite IMMEDIATE transaction,
/// taken after an in-process gate, so writers are serialised (within this process by the gate, across processes by
/// SQLite's write lock) and each sees the previous one's committed funds. Reads use their own short connections.
/// </summary>
internal sealed class PaperTradingStore
{
    /// <summary>The most orders <see cref="ListOrdersAsync"/> returns.</summary>
    public const int MaxListedOrders = 500;

    private readonly SqliteConnectionFactory _connections;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public PaperTradingStore(SqliteConnectionFactory connections) => _connections = connections;

    /// <summary>
    /// Runs <paramref name="work"/> in one IMMEDIATE transaction and commits it; an exception rolls everything back.
    /// Work that decides to refuse must do so before it writes (it is committed otherwise).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<PaperWriteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(new PaperWriteTransaction(connection, transaction, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Creates the user's account with <paramref name="openingBalance"/> units when it has none.</summary>
    public async Task EnsureAccountAsync(long userId, long openingBalance, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            PaperTradingSql.EnsureAccount,
            new { UserId = userId, OpeningBalance = openingBalance, CreatedAt = now },
            cancellationToken: cancellationToken));
    }

    public async Task<PaperFundsRow> GetFundsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<PaperFundsRow>(new CommandDefinition(PaperTradingSql.Funds, new { UserId = userId }, cancellationToken: cancellationToken));
    }

    public async Task<PaperOrderRow?> GetOrderAsync(long userId, long orderId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PaperOrderRow>(new CommandDefinition(
            PaperTradingSql.OrderOfUser,
            new { Id = orderId, UserId = userId },
            cancellationToken: cancellationToken));
    }

    /// <summary>The user's newest <see cref="MaxListedOrders"/> orders, newest first.</summary>
    public async Task<IReadOnlyList<PaperOrderRow>> ListOrdersAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaperOrderRow>(new CommandDefinition(
            PaperTradingSql.OrdersOfUser,
            new { UserId = userId, Limit = MaxListedOrders },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<PaperPositionRow>> ListPositionsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaperPositionRow>(new CommandDefinition(PaperTradingSql.PositionsOfUser, new { UserId = userId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every open order of every user (the fill engine's start).</summary>
    public async Task<IReadOnlyList<PaperOrderRow>> ListOpenOrdersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaperOrderRow>(new CommandDefinition(PaperTradingSql.OpenOrders, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every position with a non-zero net quantity, of every user.</summary>
    public async Task<IReadOnlyList<PaperPositionRow>> ListOpenPositionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaperPositionRow>(new CommandDefinition(PaperTradingSql.OpenPositions, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
