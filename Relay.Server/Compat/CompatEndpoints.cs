using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Relay.Server.Hubs;

namespace Relay.Server.Compat;

/// <summary>Maps the seed system's WebSocket endpoint.</summary>
internal static class CompatEndpoints
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/ws";

    /// <summary>
    /// The <c>HttpContext.Items</c> key under which the handler records the socket's connection id (<c>ws:&lt;guid&gt;</c>)
    /// once accepted, so the admin API can tell which user holds which subscriptions.
    /// </summary>
    public const string ConnectionIdItem = "Relay.Compat.ConnectionId";

    /// <summary>
    /// Maps <c>/ws</c>: a raw WebSocket speaking the seed system's JSON protocol (see <see cref="CompatProtocol"/>).
    /// Brings its own WebSocket middleware, so the app need not call <c>UseWebSockets</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapCompatWebSocket(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var hubOptions = endpoints.ServiceProvider.GetRequiredService<IOptions<MarketHubOptions>>().Value;
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = hubOptions.KeepAliveInterval });
        pipeline.Run(static context => context.RequestServices.GetRequiredService<CompatWebSocketHandler>().HandleAsync(context));
        return endpoints.Map(Path, pipeline.Build()).WithDisplayName("Relay /ws (seed protocol)");
    }
}
