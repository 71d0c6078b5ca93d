using Microsoft.AspNetCore.SignalR;

namespace Relay.Server.Auth;

/// <summary>Registers each hub connection with its user in <see cref="UserConnections"/> for its lifetime.</summary>
internal sealed partial class UserConnectionHubFilter(UserConnections connections, TimeProvider time, ILogger<UserConnectionHubFilter> logger) : IHubFilter
{
    private static readonly object ItemKey = new();

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
            caller.Items[ItemKey] = entry;
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
            if (context.Context.Items.TryGetValue(ItemKey, out var value) && value is UserConnection entry)
            {
                connections.Remove(entry);
            }
        }
    }

    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Hub connection {ConnectionId} opened by user {UserId}")]
    private static partial void LogConnected(ILogger logger, string connectionId, long? userId);
}
