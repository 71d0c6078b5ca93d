using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Relay.Server.Auth;

/// <summary>Registers each hub connection with its user in <see cref="UserConnections"/> for its lifetime.</summary>
/// <remarks>
/// The entry is found again at disconnect by connection id, not through <see cref="HubCallerContext.Items"/>: the first
/// use of <c>Items</c> creates a concurrent dictionary per connection (about 650 bytes each, kept for the connection's
/// lifetime), which is more than this filter and the hub's call limit store in it.
/// </remarks>
internal sealed partial class UserConnectionHubFilter(UserConnections connections, TimeProvider time, ILogger<UserConnectionHubFilter> logger) : IHubFilter
{
    private readonly ConcurrentDictionary<string, UserConnection> _entries = new(StringComparer.Ordinal);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var caller = context.Context;
        UserConnection? entry = null;
        LogConnected(logger, caller.ConnectionId, caller.User?.GetUserId());
        if (caller.User?.GetUserId() is { } userId)
        {
            var connectionId = caller.ConnectionId;
            entry = new UserConnection(
                userId,
                caller.User.Identity?.Name ?? "",
                UserConnections.Hub,
                time.GetUtcNow(),
                () => connectionId,
                () =>
                {
                    caller.Abort();

                    // Abort() alone waits for a pending send to a client that stopped reading; reset the request too.
                    caller.GetHttpContext()?.Abort();
                });
            _entries[connectionId] = entry;
            connections.Add(entry);
        }

        try
        {
            await next(context);
        }
        catch
        {
            if (entry is not null)
            {
                _entries.TryRemove(new KeyValuePair<string, UserConnection>(caller.ConnectionId, entry));
                connections.Remove(entry);
            }

            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (_entries.TryRemove(context.Context.ConnectionId, out var entry))
            {
                connections.Remove(entry);
            }
        }
    }

    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Hub connection {ConnectionId} opened by user {UserId}")]
    private static partial void LogConnected(ILogger logger, string connectionId, long? userId);
}
