using Microsoft.Extensions.Options;

namespace Relay.Core.Upstream;

/// <summary>
/// The DhanHQ credentials in use, in memory. Seeded from <see cref="FeedOptions"/>; the server replaces
/// them at start (from its persisted store) and whenever an admin sets new ones. Upstream sockets
/// reconnect at once with new credentials, cutting short any back-off.
/// </summary>
internal sealed class FeedCredentialStore
{
    private FeedCredentials? _current;

    /// <summary>Creates an empty store.</summary>
    public FeedCredentialStore()
    {
    }

    /// <summary>Creates a store seeded with the configured credentials, if any.</summary>
    public FeedCredentialStore(IOptions<FeedOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = options.Value.ConfiguredCredentials;
    }

    /// <summary>Raised (on the caller's thread of <see cref="Set"/>/<see cref="Clear"/>) when the credentials changed. Handlers must not block.</summary>
    public event Action? Changed;

    /// <summary>The current credentials, or <c>null</c> when none are known.</summary>
    public FeedCredentials? Current => Volatile.Read(ref _current);

    /// <summary>Replaces the credentials; raises <see cref="Changed"/> unless they are equal to the current ones.</summary>
    /// <exception cref="ArgumentException">The client id or the token is empty (the message never echoes a value).</exception>
    public void Set(FeedCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(credentials.ClientId) || string.IsNullOrWhiteSpace(credentials.AccessToken))
        {
            throw new ArgumentException("Both the client id and the access token are required.", nameof(credentials));
        }

        var normalized = new FeedCredentials(credentials.ClientId.Trim(), credentials.AccessToken.Trim());
        if (Interlocked.Exchange(ref _current, normalized) != normalized)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Forgets the credentials (the real feed then reports <c>NoCredentials</c>).</summary>
    public void Clear()
    {
        if (Interlocked.Exchange(ref _current, null) is not null)
        {
            Changed?.Invoke();
        }
    }
}
