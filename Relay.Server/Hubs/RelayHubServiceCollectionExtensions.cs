using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Core.Market;
using Relay.Server.Broadcast;
using Relay.Server.Compat;

namespace Relay.Server.Hubs;

/// <summary>Registers the client-facing side of Relay: the market hub, the broadcaster, <c>/ws</c> and the snapshot endpoint.</summary>
internal static class RelayHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds SignalR (JSON + MessagePack), the market hub with its non-blocking broadcaster (which is the
    /// <see cref="IMarketUpdateSink"/> and a hosted service), the <c>/ws</c> handler, and their options
    /// (<c>Relay:Hub</c>, <c>Relay:Broadcast</c>, <c>Relay:Compat</c>, validated at start).
    /// </summary>
    /// <remarks>
    /// Needs, registered elsewhere: <see cref="Core.Upstream.IMarketFeed"/> and <see cref="IMarketStateReader"/> (the engine).
    /// Optional: <see cref="IInstrumentCatalog"/> (the instrument master; without one no "not in the instrument
    /// master" warnings are given) and <see cref="TimeProvider"/> (defaults to the system clock).
    /// </remarks>
    public static IServiceCollection AddRelayHub(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<MarketHubOptions>().Bind(configuration.GetSection(MarketHubOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BroadcastOptions>().Bind(configuration.GetSection(BroadcastOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CompatOptions>().Bind(configuration.GetSection(CompatOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        // AddHubOptions registers SignalR's HubOptionsSetup<MarketHub>, which marks the hub's own options as set: without
        // it SignalR ignores HubOptions<MarketHub>'s message size, parallel invocations and filters (global ones apply).
        services.AddSignalR().AddMessagePackProtocol().AddHubOptions<MarketHub>(static _ => { });
        services.AddOptions<HubOptions<MarketHub>>().Configure<IOptions<MarketHubOptions>>(static (hub, relay) =>
        {
            var options = relay.Value;
            hub.KeepAliveInterval = options.KeepAliveInterval;
            hub.ClientTimeoutInterval = options.ClientTimeoutInterval;
            hub.MaximumReceiveMessageSize = options.MaxReceiveMessageBytes;
            hub.EnableDetailedErrors = options.EnableDetailedErrors;

            // One invocation at a time per connection: ClientSubscriptions relies on it for its per-connection limit.
            hub.MaximumParallelInvocationsPerClient = 1;
        });

        // A closed registration wins over AddSignalR's open-generic DefaultHubLifetimeManager<>.
        services.AddSingleton<HubLifetimeManager<MarketHub>, MarketHubLifetimeManager>();

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInstrumentCatalog, AnyInstrumentCatalog>();
        services.AddSingleton<BroadcastMetrics>();
        services.AddSingleton<SubscriberRegistry>();
        services.AddSingleton<CatchUpQueue>();
        services.AddSingleton<ClientSubscriptions>();
        services.AddSingleton<MarketBroadcaster>();
        // With the engine registered, the broadcaster attaches itself to its MarketUpdateFanout at start;
        // hosted on its own (tests), it is the sink.
        services.TryAddSingleton<IMarketUpdateSink>(static sp => sp.GetRequiredService<MarketBroadcaster>());
        services.AddHostedService(static sp => sp.GetRequiredService<MarketBroadcaster>());
        services.AddSingleton<CompatWebSocketHandler>();
        return services;
    }
}
