using Dapper;

namespace Relay.Server.Storage;

/// <summary>
/// Users and their bearer tokens. A token exists in plain text only in the <see cref="CreatedUser"/> returned
/// by <see cref="CreateAsync"/>; the database keeps its SHA-256.
/// </summary>
internal sealed class UserRepository
{
    /// <summary>The longest user name accepted, in characters.</summary>
    public const int MaxNameLength = 64;

    private const string InsertSql = """
        INSERT INTO users (name, token_hash, is_admin, created_at) VALUES (@Name, @TokenHash, @IsAdmin, @CreatedAt)
        RETURNING id;
        """;

    private const string Columns = "id AS Id, name AS Name, is_admin AS IsAdmin, created_at AS CreatedAt, revoked_at AS RevokedAt";

    private const string ListSql = $"SELECT {Columns} FROM users ORDER BY id;";

    private const string GetSql = $"SELECT {Columns} FROM users WHERE id = @Id;";

    // A lookup by hash is safe against timing attacks: the attacker chooses the token, not its hash, so how long
    // the index search takes tells nothing about any stored hash.
    private const string FindActiveByHashSql = $"SELECT {Columns} FROM users WHERE token_hash = @TokenHash AND revoked_at IS NULL;";

    private const string RevokeSql = "UPDATE users SET revoked_at = @RevokedAt WHERE id = @Id AND revoked_at IS NULL;";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;

    public UserRepository(SqliteConnectionFactory connections, TimeProvider time)
    {
        _connections = connections;
        _time = time;
    }

    /// <summary>Creates a user with a fresh token; the returned token is never retrievable again.</summary>
    /// <exception cref="ArgumentException">The name is blank or longer than <see cref="MaxNameLength"/>.</exception>
    public async Task<CreatedUser> CreateAsync(string name, bool isAdmin, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A user name is 1 to {MaxNameLength} characters.", nameof(name));
        }

        var token = UserTokens.Create();
        var createdAt = _time.GetUtcNow();
        var createdAtMs = createdAt.ToUnixTimeMilliseconds();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertSql,
            new { Name = name, TokenHash = UserTokens.Hash(token), IsAdmin = isAdmin, CreatedAt = createdAtMs },
            cancellationToken: cancellationToken));
        return new CreatedUser(new User(id, name, isAdmin, DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs), null), token);
    }

    /// <summary>Every user, revoked ones included, by id. Never tokens or hashes.</summary>
    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToUser()).ToList();
    }

    /// <summary>The user with <paramref name="id"/>, or <c>null</c>.</summary>
    public async Task<User?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(GetSql, new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    /// <summary>Revokes the user's token; false when the user does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            RevokeSql,
            new { Id = id, RevokedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The active (not revoked) user holding <paramref name="token"/>, or <c>null</c>.</summary>
    public Task<User?> FindActiveByTokenAsync(string token, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(token) ? Task.FromResult<User?>(null) : FindActiveByTokenHashAsync(UserTokens.Hash(token), cancellationToken);

    /// <summary>The active user whose token hashes to <paramref name="tokenHash"/> (see <see cref="UserTokens.Hash"/>), or <c>null</c>.</summary>
    public async Task<User?> FindActiveByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(FindActiveByHashSql, new { TokenHash = tokenHash }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public bool IsAdmin { get; set; }
        public long CreatedAt { get; set; }
        public long? RevokedAt { get; set; }

        public User ToUser() => new(
            Id,
            Name,
            IsAdmin,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }
}
