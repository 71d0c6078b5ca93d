using System.Collections.Concurrent;

namespace Relay.Server.Auth;

/// <summary>
/// Every live hub connection and <c>/ws</c> socket with its user, so that revoking a user closes its connections and
/// the admin API can say who holds what.
/// </summary>
internal sealed class UserConnections
{
    /// <summary>Transport name of SignalR connections.</summary>
    public const string Hub = "hub";

    /// <summary>Transport name of <c>/ws</c> sockets.</summary>
    public const string WebSocket = "ws";

    private readonly ConcurrentDictionary<UserConnection, byte> _connections = new();

    /// <summary>Connections now open.</summary>
    public int Count => _connections.Count;

    /// <summary>Registers a connection; remove it with <see cref="Remove"/> when it ends.</summary>
    public void Add(UserConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.TryAdd(connection, 0);
    }

    /// <summary>Forgets a connection that ended.</summary>
    public void Remove(UserConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.TryRemove(connection, out _);
    }

    /// <summary>Every open connection (a copy).</summary>
    public IReadOnlyList<UserConnection> Snapshot() => [.. _connections.Keys];

    /// <summary>The open connections of <paramref name="userId"/>.</summary>
    public IReadOnlyList<UserConnection> Of(long userId) => [.. _connections.Keys.Where(c => c.UserId == userId)];

    /// <summary>Closes every connection of <paramref name="userId"/>; returns how many.</summary>
    public int CloseAll(long userId)
    {
        var closed = 0;
        foreach (var connection in Of(userId))
        {
            connection.Abort();
            closed++;
        }

        return closed;
    }
}
