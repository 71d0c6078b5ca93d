using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Core.Contracts;
using Relay.Server.Storage;

namespace Relay.Server.Instruments;

/// <summary>
/// Finds instruments by symbol and display name, and looks them up by key (cached).
/// </summary>
/// <remarks>
/// Ranking, in tiers: (1) the symbol equals the text; (2) the text is a whole number and the security id equals it;
/// (3) the symbol starts with the text's words; (4) every word starts a word of the symbol or the display name. Within a tier: shorter symbol, then non-expiring and
/// nearest expiry, then alphabetical. The FTS rowid is the precomputed rank, so each tier reads its matches
/// best-first and stops at the limit instead of sorting every match.
/// </remarks>
internal sealed class InstrumentSearch
{
    /// <summary>The result count when the caller does not say.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The most results one search returns.</summary>
    public const int MaxLimit = 50;

    private const string ExactSql = $"""
        SELECT {InstrumentSql.Columns}
        FROM instruments i
        WHERE i.symbol_norm = @Symbol
        ORDER BY {InstrumentSql.RankOrder}
        LIMIT @Limit;
        """;

    // CROSS JOIN pins the loop order: FTS outermost, read in rowid (= rank) order, so LIMIT stops it early.
    private const string MatchSql = $"""
        SELECT {InstrumentSql.Columns}
        FROM instrument_search s
        CROSS JOIN instrument_rank r ON r.rank = s.rowid
        CROSS JOIN instruments i ON i.id = r.instrument_id
        WHERE instrument_search MATCH @Match
        ORDER BY s.rowid
        LIMIT @Limit;
        """;

    // A whole number may be a security id (the page looks up the names of saved instruments this way): one lookup
    // of the (exchange_segment, security_id) index per segment.
    private const string SecurityIdSql = $"""
        SELECT {InstrumentSql.Columns}
        FROM instruments i
        WHERE i.exchange_segment IN @Segments AND i.security_id = @SecurityId
        ORDER BY {InstrumentSql.RankOrder}
        LIMIT @Limit;
        """;

    private const string GetSql = $"""
        SELECT {InstrumentSql.Columns}
        FROM instruments i
        WHERE i.exchange_segment = @Segment AND i.security_id = @SecurityId;
        """;

    private const string CountSql = "SELECT COUNT(*) FROM instruments;";

    private static readonly string[] SegmentNames = [.. ExchangeSegments.All.Select(ExchangeSegments.Name)];

    private readonly SqliteConnectionFactory _connections;
    private readonly InstrumentCache _cache;

    public InstrumentSearch(SqliteConnectionFactory connections, InstrumentCache cache)
    {
        _connections = connections;
        _cache = cache;
    }

    /// <summary>
    /// Searches for <paramref name="q"/>; <paramref name="limit"/> is clamped to 1..<see cref="MaxLimit"/>.
    /// Blank text finds nothing. Any text is safe: FTS5 syntax in it is treated as plain characters.
    /// </summary>
    public async Task<IReadOnlyList<Instrument>> SearchAsync(string? q, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        var query = InstrumentSearchQuery.Parse(q);
        if (query.IsEmpty)
        {
            return [];
        }

        var results = new List<Instrument>(limit);
        var seen = new HashSet<InstrumentKey>();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await AddAsync(connection, ExactSql, new { Symbol = query.ExactSymbol, Limit = limit }, results, seen, limit, cancellationToken);
        if (results.Count < limit && long.TryParse(query.ExactSymbol, NumberStyles.None, CultureInfo.InvariantCulture, out var securityId) && securityId > 0)
        {
            await AddAsync(connection, SecurityIdSql, new { Segments = SegmentNames, SecurityId = securityId, Limit = limit }, results, seen, limit, cancellationToken);
        }

        foreach (var match in new[] { query.PrefixMatch, query.ContainsMatch })
        {
            if (results.Count >= limit || match is null)
            {
                continue;
            }

            // Earlier tiers' rows come back again; ask for enough to fill the limit after skipping them.
            await AddAsync(connection, MatchSql, new { Match = match, Limit = limit + results.Count }, results, seen, limit, cancellationToken);
        }

        return results;
    }

    /// <summary>The instrument with <paramref name="key"/>, or <c>null</c> when the master has none.</summary>
    public async Task<Instrument?> GetAsync(InstrumentKey key, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstrumentRow>(new CommandDefinition(
            GetSql,
            new { Segment = ExchangeSegments.Name(key.Segment), SecurityId = (long)key.SecurityId },
            cancellationToken: cancellationToken));
        var instrument = row?.ToInstrument();
        _cache.Set(key, instrument);
        return instrument;
    }

    /// <summary>True when the master has <paramref name="key"/>.</summary>
    public async Task<bool> ExistsAsync(InstrumentKey key, CancellationToken cancellationToken) =>
        await GetAsync(key, cancellationToken) is not null;

    /// <summary>How many instruments the master holds.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: cancellationToken));
    }

    private static async Task AddAsync(SqliteConnection connection, string sql, object parameters, List<Instrument> results, HashSet<InstrumentKey> seen, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<InstrumentRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            if (results.Count >= limit)
            {
                return;
            }

            if (row.ToInstrument() is { } instrument && seen.Add(instrument.Key))
            {
                results.Add(instrument);
            }
        }
    }
}
