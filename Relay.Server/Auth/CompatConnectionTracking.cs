using Relay.Server.Compat;

namespace Relay.Server.Auth;

/// <summary>Registers each authorized <c>/ws</c> socket with its user in <see cref="UserConnections"/> for its lifetime.</summary>
internal sealed class CompatConnectionTracking(RequestDelegate next, UserConnections connections, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Path only: the WebSocket feature is installed by /ws's own branch, so IsWebSocketRequest is false out here.
        if (!context.Request.Path.Equals(CompatEndpoints.Path, StringComparison.OrdinalIgnoreCase)
            || context.User.GetUserId() is not { } userId)
        {
            await next(context);
            return;
        }

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
