using System.Collections.Concurrent;
using Dapper;
using Relay.Server.Storage;

namespace Relay.Server.Trading;

/// <summary>
/// What the DhanHQ proxy remembers: which Relay user placed which DhanHQ order (users share one DhanHQ account, and
/// each sees only their own orders), and its Idempotency-Key rows (a row without an order id marks a place whose
/// outcome is not known yet).
/// </summary>
internal sealed class DhanOrderStore
{
    public const string Broker = "Dhan";

    private const string OwnSql = """
        INSERT INTO broker_orders (broker, order_id, user_id, correlation_id, created_at) VALUES (@Broker, @OrderId, @UserId, @CorrelationId, @CreatedAt)
        ON CONFLICT (broker, order_id) DO NOTHING;
        """;

    private const string OwnerSql = "SELECT user_id FROM broker_orders WHERE broker = @Broker AND order_id = @OrderId;";

    private const string OwnedSql = "SELECT order_id FROM broker_orders WHERE broker = @Broker AND user_id = @UserId;";

    private const string FindKeySql = """
        SELECT broker AS Broker, request_hash AS RequestHash, order_id AS OrderId, correlation_id AS CorrelationId, created_at AS CreatedAt
        FROM order_idempotency WHERE user_id = @UserId AND idempotency_key = @Key;
        """;

    private const string ClaimKeySql = """
        INSERT INTO order_idempotency (user_id, idempotency_key, broker, request_hash, order_id, correlation_id, created_at)
        VALUES (@UserId, @Key, @Broker, @RequestHash, NULL, @CorrelationId, @CreatedAt)
        ON CONFLICT (user_id, idempotency_key) DO NOTHING;
        """;

    private const string CompleteKeySql = "UPDATE order_idempotency SET order_id = @OrderId WHERE user_id = @UserId AND idempotency_key = @Key;";

    private const string ReleaseKeySql = "DELETE FROM order_idempotency WHERE user_id = @UserId AND idempotency_key = @Key AND order_id IS NULL;";

    private readonly SqliteConnectionFactory _connections;
    private readonly ConcurrentDictionary<(long UserId, string Key), byte> _inFlight = new();

    public DhanOrderStore(SqliteConnectionFactory connections) => _connections = connections;

    /// <summary>Marks a place with this key as running in this process; false when one already is.</summary>
    public bool TryBeginPlace(long userId, string key) => _inFlight.TryAdd((userId, key), 0);

    /// <summary>Ends what <see cref="TryBeginPlace"/> began.</summary>
    public void EndPlace(long userId, string key) => _inFlight.TryRemove((userId, key), out _);

    public async Task OwnAsync(long userId, string orderId, string? correlationId, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            OwnSql,
            new { Broker, OrderId = orderId, UserId = userId, CorrelationId = correlationId, CreatedAt = now },
            cancellationToken: cancellationToken));
    }

    /// <summary>True when <paramref name="userId"/> placed <paramref name="orderId"/> through Relay.</summary>
    public async Task<bool> IsOwnedByAsync(long userId, string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(OwnerSql, new { Broker, OrderId = orderId }, cancellationToken: cancellationToken)) == userId;
    }

    public async Task<HashSet<string>> OwnedAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(OwnedSql, new { Broker, UserId = userId }, cancellationToken: cancellationToken));
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IdempotencyRow?> FindKeyAsync(long userId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRow>(new CommandDefinition(FindKeySql, new { UserId = userId, Key = key }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a place in flight under the key; false when the key is already taken (a concurrent request).</summary>
    public async Task<bool> ClaimKeyAsync(long userId, string key, string requestHash, string correlationId, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            ClaimKeySql,
            new { UserId = userId, Key = key, Broker, RequestHash = requestHash, CorrelationId = correlationId, CreatedAt = now },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task CompleteKeyAsync(long userId, string key, string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CompleteKeySql, new { UserId = userId, Key = key, OrderId = orderId }, cancellationToken: cancellationToken));
    }

    /// <summary>Forgets a key whose place certainly created nothing (DhanHQ refused it), so a retry may place again.</summary>
    public async Task ReleaseKeyAsync(long userId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseKeySql, new { UserId = userId, Key = key }, cancellationToken: cancellationToken));
    }
}
