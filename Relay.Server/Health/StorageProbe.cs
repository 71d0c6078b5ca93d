using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Server.Storage;

namespace Relay.Server.Health;

/// <summary>
/// Checks that the database accepts writes: takes the write lock, rewrites <c>PRAGMA user_version</c> with its own
/// value and rolls back. Waits at most <see cref="BusyTimeoutMilliseconds"/> for another writer (an import).
/// </summary>
internal sealed partial class StorageProbe(SqliteConnectionFactory connections, ILogger<StorageProbe> logger)
{
    /// <summary>How long the probe waits for a busy database, in milliseconds.</summary>
    public const int BusyTimeoutMilliseconds = 2000;

    /// <summary><c>null</c> when writable, otherwise a short reason (details are logged).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", cancellationToken: cancellationToken));
            var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken));
            await using var transaction = connection.BeginTransaction(deferred: false);
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA user_version = {version};", transaction: transaction, cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return "storage is busy (another writer holds the database)";
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 8)
        {
            LogFailed(logger, ex);
            return "storage is read-only";
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogFailed(logger, ex);
            return "storage is not writable (see the log)";
        }
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Readiness: the database is not writable")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
