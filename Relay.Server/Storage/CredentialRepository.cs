using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Relay.Core.Upstream;

namespace Relay.Server.Storage;

/// <summary>
/// Stores the single set of DhanHQ credentials, encrypted at rest with ASP.NET Core Data Protection (purpose
/// <see cref="Purpose"/>; the key ring lives in the <c>keys</c> folder beside the database). Write-only from the
/// outside: no endpoint returns them; only the upstream engine loads them.
/// </summary>
internal sealed partial class CredentialRepository
{
    /// <summary>The Data Protection purpose string; changing it makes stored credentials unreadable.</summary>
    public const string Purpose = "Relay.FeedCredentials.v1";

    private const string UpsertSql = """
        INSERT INTO feed_credentials (id, payload, updated_at) VALUES (1, @Payload, @UpdatedAt)
        ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at;
        """;

    private const string SelectPayloadSql = "SELECT payload FROM feed_credentials WHERE id = 1;";

    private const string SelectUpdatedAtSql = "SELECT updated_at FROM feed_credentials WHERE id = 1;";

    private const string DeleteSql = "DELETE FROM feed_credentials WHERE id = 1;";

    private readonly SqliteConnectionFactory _connections;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger<CredentialRepository> _logger;

    public CredentialRepository(SqliteConnectionFactory connections, IDataProtectionProvider dataProtection, TimeProvider time, ILogger<CredentialRepository> logger)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _connections = connections;
        _protector = dataProtection.CreateProtector(Purpose);
        _time = time;
        _logger = logger;
    }

    /// <summary>Stores <paramref name="credentials"/>, replacing any stored before.</summary>
    /// <exception cref="ArgumentException">The client id or the access token is empty.</exception>
    public async Task StoreAsync(FeedCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(credentials.ClientId) || string.IsNullOrWhiteSpace(credentials.AccessToken))
        {
            throw new ArgumentException("Both the client id and the access token are required.", nameof(credentials));
        }

        var plain = JsonSerializer.Serialize(new StoredCredentials(credentials.ClientId, credentials.AccessToken));
        var payload = _protector.Protect(plain);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            UpsertSql,
            new { Payload = payload, UpdatedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        LogStored();
    }

    /// <summary>
    /// Loads the stored credentials; <c>null</c> when none are stored or when they cannot be decrypted (the
    /// key ring was lost or belongs to another installation; logged as an error; store them again).
    /// </summary>
    public async Task<FeedCredentials?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var payload = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectPayloadSql, cancellationToken: cancellationToken));
        if (payload is null)
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<StoredCredentials>(_protector.Unprotect(payload));
            return stored is { ClientId.Length: > 0, AccessToken.Length: > 0 } ? new FeedCredentials(stored.ClientId, stored.AccessToken) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            // The exception type only: its message could quote key ids, never secrets, but keep logs lean.
            LogUnreadable(ex.GetType().Name);
            return null;
        }
    }

    /// <summary>True when credentials are stored (they may still fail to decrypt; see <see cref="LoadAsync"/>).</summary>
    public async Task<bool> HasCredentialsAsync(CancellationToken cancellationToken) =>
        (await GetStatusAsync(cancellationToken)).IsSet;

    /// <summary>Whether credentials are stored and since when.</summary>
    public async Task<FeedCredentialStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var updatedAt = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(SelectUpdatedAtSql, cancellationToken: cancellationToken));
        return updatedAt is { } ms ? new FeedCredentialStatus(true, DateTimeOffset.FromUnixTimeMilliseconds(ms)) : new FeedCredentialStatus(false, null);
    }

    /// <summary>Deletes the stored credentials; false when none were stored.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(DeleteSql, cancellationToken: cancellationToken)) > 0;
        if (deleted)
        {
            LogDeleted();
        }

        return deleted;
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Broker credentials stored (encrypted)")]
    private partial void LogStored();

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Broker credentials deleted")]
    private partial void LogDeleted();

    [LoggerMessage(EventId = 5112, Level = LogLevel.Error, Message = "Stored broker credentials cannot be decrypted ({ErrorType}); the data-protection key ring beside the database is missing or foreign. Store the credentials again.")]
    private partial void LogUnreadable(string errorType);

    private sealed record StoredCredentials(string ClientId, string AccessToken);
}
