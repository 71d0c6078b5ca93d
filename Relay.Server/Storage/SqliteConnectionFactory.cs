using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Relay.Server.Storage;

/// <summary>
/// Opens short-lived, pooled connections to the Relay database with the house pragmas applied: WAL journal
/// (readers never block the writer), foreign keys on, and a busy timeout so a concurrent writer waits instead
/// of failing. Dispose every connection right after the operation.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private volatile bool _walConfirmed;

    public SqliteConnectionFactory(StoragePaths paths, int busyTimeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = paths.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMilliseconds / 1000),
        }.ToString();
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {busyTimeoutMilliseconds};");
        DatabasePath = paths.DatabasePath;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens a connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!_walConfirmed)
            {
                // journal_mode is stored in the file, so setting it once per process is enough.
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite refused WAL journal mode for the Relay database (it reports '{mode}').");
                }

                _walConfirmed = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
