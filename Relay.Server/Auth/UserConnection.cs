namespace Relay.Server.Auth;

/// <summary>One live client connection of a user: a hub connection or a <c>/ws</c> socket.</summary>
internal sealed class UserConnection
{
    private readonly Func<string?> _connectionId;
    private readonly Action _abort;
    private int _aborted;

    /// <summary>Creates the entry; <paramref name="connectionId"/> may be known only later (a <c>/ws</c> socket's).</summary>
    public UserConnection(long userId, string userName, string transport, DateTimeOffset connectedAt, Func<string?> connectionId, Action abort)
    {
        UserId = userId;
        UserName = userName;
        Transport = transport;
        ConnectedAt = connectedAt;
        _connectionId = connectionId;
        _abort = abort;
    }

    /// <summary>The user's id.</summary>
    public long UserId { get; }

    /// <summary>The user's name.</summary>
    public string UserName { get; }

    /// <summary><c>hub</c> or <c>ws</c>.</summary>
    public string Transport { get; }

    /// <summary>When the connection was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The id the feed knows the connection by, or <c>null</c> while a <c>/ws</c> socket is being accepted.</summary>
    public string? ConnectionId => _connectionId();

    /// <summary>Closes the connection now (once).</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _abort();
        }
    }
}
