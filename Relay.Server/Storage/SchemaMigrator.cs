using Dapper;
using Microsoft.Extensions.Logging;

namespace Relay.Server.Storage;

/// <summary>
/// Brings the database to the newest schema version. Idempotent: applied versions are skipped. Safe against a
/// second process migrating at the same time: each step re-reads the version inside its IMMEDIATE transaction.
/// </summary>
internal sealed partial class SchemaMigrator
{
    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    private const string CurrentVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    private const string RecordVersionSql = """
        INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt);
        """;

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;
    private readonly ILogger<SchemaMigrator> _logger;
    private readonly IReadOnlyList<SchemaMigration> _migrations;

    public SchemaMigrator(SqliteConnectionFactory connections, TimeProvider time, ILogger<SchemaMigrator> logger)
        : this(connections, time, logger, SchemaMigrations.All)
    {
    }

    internal SchemaMigrator(SqliteConnectionFactory connections, TimeProvider time, ILogger<SchemaMigrator> logger, IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException($"Schema migrations must be numbered 1, 2, 3… in order; position {i} holds version {migrations[i].Version}.", nameof(migrations));
            }
        }

        _connections = connections;
        _time = time;
        _logger = logger;
        _migrations = migrations;
    }

    /// <summary>The version this build brings the database to.</summary>
    public int LatestVersion => _migrations.Count;

    /// <summary>Applies every missing migration; returns the resulting schema version.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer build.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CreateVersionTableSql, cancellationToken: cancellationToken));

        var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CurrentVersionSql, cancellationToken: cancellationToken));
        if (version > LatestVersion)
        {
            throw new InvalidOperationException($"The database '{_connections.DatabasePath}' is at schema version {version}, newer than this build supports ({LatestVersion}). Upgrade Relay or restore an older backup.");
        }

        foreach (var migration in _migrations)
        {
            if (migration.Version <= version)
            {
                continue;
            }

            await using var transaction = connection.BeginTransaction(deferred: false);
            version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CurrentVersionSql, transaction: transaction, cancellationToken: cancellationToken));
            if (version >= migration.Version)
            {
                // Another process applied it between our first read and taking the write lock.
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                RecordVersionSql,
                new { migration.Version, migration.Name, AppliedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            version = migration.Version;
            LogApplied(migration.Version, migration.Name);
        }

        LogAtVersion(version);
        return version;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Applied schema migration {Version}: {Name}")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Database schema is at version {Version}")]
    private partial void LogAtVersion(int version);
}
