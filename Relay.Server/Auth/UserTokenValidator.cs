using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Relay.Server.Storage;

namespace Relay.Server.Auth;

/// <summary>
/// Checks user tokens against the stored hashes, remembering valid ones for <see cref="AuthOptions.TokenCacheDuration"/>
/// so that a busy client does not cost a database read per request. <see cref="Forget"/> drops a revoked user's
/// entries at once. Invalid tokens are never cached (no memory for an attacker to fill).
/// </summary>
internal sealed class UserTokenValidator
{
    /// <summary>Most remembered tokens; past it the cache starts over.</summary>
    public const int MaxCachedTokens = 10_000;

    private readonly UserRepository _users;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheDuration;
    private readonly ConcurrentDictionary<string, CachedUser> _cache = new(StringComparer.Ordinal);

    // Users revoked while this process runs: a lookup that raced the revocation must not cache (or return) them.
    private readonly ConcurrentDictionary<long, byte> _revoked = new();

    public UserTokenValidator(UserRepository users, TimeProvider time, IOptions<AuthOptions> options)
    {
        _users = users;
        _time = time;
        _cacheDuration = options.Value.TokenCacheDuration;
    }

    /// <summary>The active user holding <paramref name="token"/>, or <c>null</c> (unknown or revoked).</summary>
    public async ValueTask<User?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > 512)
        {
            return null;
        }

        var hash = UserTokens.Hash(token);
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && _time.GetElapsedTime(cached.CheckedAt, now) < _cacheDuration)
        {
            return cached.User;
        }

        var user = await _users.FindActiveByTokenHashAsync(hash, cancellationToken);
        if (user is null || _revoked.ContainsKey(user.Id))
        {
            _cache.TryRemove(hash, out _);
            return null;
        }

        if (_cacheDuration > TimeSpan.Zero)
        {
            if (_cache.Count >= MaxCachedTokens)
            {
                _cache.Clear();
            }

            _cache[hash] = new CachedUser(user, now);
            if (_revoked.ContainsKey(user.Id))
            {
                _cache.TryRemove(hash, out _);
                return null;
            }
        }

        return user;
    }

    /// <summary>Forgets every remembered token of <paramref name="userId"/> and refuses it from now on (call after revoking it).</summary>
    public void Forget(long userId)
    {
        _revoked[userId] = 0;
        foreach (var (hash, cached) in _cache)
        {
            if (cached.User.Id == userId)
            {
                _cache.TryRemove(new KeyValuePair<string, CachedUser>(hash, cached));
            }
        }
    }

    private sealed record CachedUser(User User, long CheckedAt);
}
