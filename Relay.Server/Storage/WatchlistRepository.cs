using Dapper;
using Relay.Core.Contracts;

namespace Relay.Server.Storage;

/// <summary>Each user's watchlist: an ordered list of instrument keys, at most <see cref="MaxInstruments"/>.</summary>
internal sealed class WatchlistRepository
{
    /// <summary>The most instruments one watchlist holds.</summary>
    public const int MaxInstruments = 200;

    private const string SelectSql = """
        SELECT exchange_segment AS Segment, security_id AS SecurityId FROM watchlists
        WHERE user_id = @UserId ORDER BY position;
        """;

    private const string DeleteSql = "DELETE FROM watchlists WHERE user_id = @UserId;";

    private const string InsertSql = """
        INSERT INTO watchlists (user_id, position, exchange_segment, security_id) VALUES (@UserId, @Position, @Segment, @SecurityId);
        """;

    private const string UserExistsSql = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @UserId);";

    private readonly SqliteConnectionFactory _connections;

    public WatchlistRepository(SqliteConnectionFactory connections) => _connections = connections;

    /// <summary>The user's instruments in their saved order; empty when none (or no such user).</summary>
    public async Task<IReadOnlyList<InstrumentKey>> GetAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(new CommandDefinition(SelectSql, new { UserId = userId }, cancellationToken: cancellationToken));
        var keys = new List<InstrumentKey>();
        foreach (var row in rows)
        {
            // A segment a newer build wrote is skipped rather than failing the whole list.
            if (ExchangeSegments.TryParse(row.Segment, out var segment) && row.SecurityId is > 0 and <= uint.MaxValue)
            {
                keys.Add(new InstrumentKey(segment, (uint)row.SecurityId));
            }
        }

        return keys;
    }

    /// <summary>
    /// Replaces the user's watchlist with <paramref name="instruments"/>, in order; a repeated instrument keeps
    /// its first position. Returns the list as saved.
    /// </summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxInstruments"/> distinct instruments.</exception>
    /// <exception cref="KeyNotFoundException">No user has <paramref name="userId"/>.</exception>
    public async Task<IReadOnlyList<InstrumentKey>> ReplaceAsync(long userId, IReadOnlyList<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var distinct = new List<InstrumentKey>(Math.Min(instruments.Count, MaxInstruments));
        var seen = new HashSet<InstrumentKey>();
        foreach (var key in instruments)
        {
            if (seen.Add(key))
            {
                distinct.Add(key);
            }
        }

        if (distinct.Count > MaxInstruments)
        {
            throw new ArgumentException($"A watchlist holds at most {MaxInstruments} instruments; {distinct.Count} were given.", nameof(instruments));
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(UserExistsSql, new { UserId = userId }, transaction, cancellationToken: cancellationToken)))
        {
            throw new KeyNotFoundException($"No user has id {userId}.");
        }

        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        var rows = distinct.Select((key, position) => new
        {
            UserId = userId,
            Position = position,
            Segment = ExchangeSegments.Name(key.Segment),
            SecurityId = (long)key.SecurityId,
        });
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return distinct;
    }

    private sealed class KeyRow
    {
        public string Segment { get; set; } = "";
        public long SecurityId { get; set; }
    }
}
