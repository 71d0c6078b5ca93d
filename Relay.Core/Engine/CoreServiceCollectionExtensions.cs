using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Core.Market;
using Relay.Core.Simulator;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Core.Engine;

/// <summary>Registers the engine: upstream sockets, subscription set and synchronizer, market state, and the embedded simulator.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything under <c>Relay:Feed</c>, <c>Relay:Subscriptions</c> and (in simulator mode)
    /// <c>Relay:Simulator</c> of <paramref name="configuration"/> (bound from it, so it need not be registered),
    /// validated at start, and <see cref="IMarketFeed"/>. Consumers of "instrument changed" notifications attach
    /// to <see cref="MarketUpdateFanout"/> (the sockets' <see cref="IMarketUpdateSink"/>).
    /// </summary>
    /// <remarks>
    /// Hosted services start in this order and stop in reverse: the embedded simulator (simulator mode
    /// only), the synchronizer, then the upstream sockets; so on shutdown the sockets say goodbye to a
    /// simulator that is still listening.
    /// </remarks>
    public static IServiceCollection AddRelayCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var mode = configuration.GetSection(FeedOptions.SectionName).GetValue(nameof(FeedOptions.Mode), FeedSource.Simulator);
        if (mode == FeedSource.Simulator)
        {
            services.AddOptions<SimulatorOptions>()
                .Bind(configuration.GetSection(SimulatorOptions.SectionName))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddSingleton<FeedSimulator>();
            services.AddSingleton<EmbeddedSimulator>();
            services.AddSingleton<IUpstreamEndpoint>(sp => sp.GetRequiredService<EmbeddedSimulator>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedSimulator>());
        }

        services.AddSingleton<MarketUpdateFanout>();
        // A host that registered its own sink first (a test harness) keeps it.
        services.TryAddSingleton<IMarketUpdateSink>(sp => sp.GetRequiredService<MarketUpdateFanout>());

        services.AddOptions<SubscriptionOptions>()
            .Bind(configuration.GetSection(SubscriptionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var feed = sp.GetRequiredService<IOptions<FeedOptions>>().Value;
            var subscriptions = sp.GetRequiredService<IOptions<SubscriptionOptions>>().Value;
            return new SubscriptionSet(feed.MaxConnections, feed.MaxInstrumentsPerConnection, subscriptions.Placement);
        });

        // The synchronizer sends on the pool and the pool tells it about sessions: attach it here, before
        // the host starts anything, instead of a constructor cycle.
        services.AddSingleton(sp =>
        {
            var synchronizer = ActivatorUtilities.CreateInstance<UpstreamSynchronizer>(sp);
            sp.GetRequiredService<UpstreamPool>().AttachSessionListener(synchronizer);
            return synchronizer;
        });
        services.AddHostedService(sp => sp.GetRequiredService<UpstreamSynchronizer>());
        services.AddRelayUpstream(configuration);
        services.AddSingleton<FeedEngine>();
        services.AddSingleton<IMarketFeed>(sp =>
        {
            // Resolving the synchronizer attaches it to the pool.
            sp.GetRequiredService<UpstreamSynchronizer>();
            return sp.GetRequiredService<FeedEngine>();
        });
        return services;
    }
}
