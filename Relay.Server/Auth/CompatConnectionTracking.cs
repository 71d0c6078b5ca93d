using Relay.Server.Compat;

namespace Relay.Server.Auth;

/// <summary>Registers each authorized <c>/ws</c> socket with its user in <see cref="UserConnections"/> for its lifetime.</summary>
internal sealed class CompatConnectionTracking(RequestDelegate next, UserConnections connections, TimeProvider time)
{
    // Not async for other requests: a hub connection's request lasts as long as the connection, and an awaiting
    // state machine here would be kept alive (and allocated) for each of them for nothing.
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Path only: the WebSocket feature is installed by /ws's own branch, so IsWebSocketRequest is false out here.
        return context.Request.Path.Equals(CompatEndpoints.Path, StringComparison.OrdinalIgnoreCase) && context.User.GetUserId() is { } userId
            ? TrackAsync(context, userId)
            : next(context);
    }

    private async Task TrackAsync(HttpContext context, long userId)
    {
        // The handler records its connection id here once it accepted the socket.
        context.Items[CompatEndpoints.ConnectionIdItem] = null;
        var entry = new UserConnection(
            userId,
            context.User.Identity?.Name ?? "",
            UserConnections.WebSocket,
            time.GetUtcNow(),
            () => context.Items.TryGetValue(CompatEndpoints.ConnectionIdItem, out var id) ? id as string : null,
            context.Abort);
        connections.Add(entry);
        try
        {
            await next(context);
        }
        finally
        {
            connections.Remove(entry);
        }
    }
}
