using Relay.Server.Storage;

namespace Relay.Server.Auth;

/// <summary>
/// The built-in local user that token-less calls act as on a loopback start (<see cref="AuthOptions.RequireUserTokens"/>
/// false): one user, created at first start, so the watchlist and orders work without any setup.
/// </summary>
internal sealed class LocalUserAccount
{
    /// <summary>The local user's name; reserved (the admin API refuses it).</summary>
    public const string Name = "(local)";

    private User? _user;

    /// <summary>The local user, or <c>null</c> when token-less calls are off (or before start).</summary>
    public User? User => Volatile.Read(ref _user);

    /// <summary>Finds or creates the local user. Called once at start.</summary>
    public async Task InitializeAsync(UserRepository users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var existing = (await users.ListAsync(cancellationToken)).FirstOrDefault(u => u.Name == Name && u.IsActive);

        // Its token is thrown away at once: the local user is only ever reached without one.
        var user = existing ?? (await users.CreateAsync(Name, isAdmin: false, cancellationToken)).User;
        Volatile.Write(ref _user, user);
    }

    /// <summary>True when <paramref name="userId"/> is the local user.</summary>
    public bool Is(long userId) => User?.Id == userId;
}
