using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using MarketHubContract = Relay.Core.Contracts.MarketHub;

namespace Relay.Server.Hubs;

/// <summary>Maps the market hub.</summary>
internal static class RelayHubEndpointRouteBuilderExtensions
{
    /// <summary>Maps <see cref="MarketHub"/> at <c>/hubs/market</c> (all transports; stateful reconnect off).</summary>
    public static HubEndpointConventionBuilder MapRelayHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<MarketHub>(MarketHubContract.Path);
}
