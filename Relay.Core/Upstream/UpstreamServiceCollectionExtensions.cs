using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relay.Core.Market;

namespace Relay.Core.Upstream;

/// <summary>Registers the upstream sockets and the market state.</summary>
internal static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FeedOptions"/> (bound from <c>Relay:Feed</c>, validated at start),
    /// <see cref="FeedCredentialStore"/>, <see cref="MarketStateStore"/> (also as <see cref="IMarketStateReader"/>),
    /// <see cref="UpstreamCounters"/>, and <see cref="UpstreamPool"/> as a singleton, as
    /// <see cref="IUpstreamRequestSender"/> and as a hosted service. The options are bound from
    /// <paramref name="configuration"/> when given, otherwise from the registered <see cref="IConfiguration"/>. The caller registers the
    /// <see cref="IMarketUpdateSink"/> and attaches the session listener
    /// (<see cref="UpstreamPool.AttachSessionListener"/>) before the host starts.
    /// </summary>
    public static IServiceCollection AddRelayUpstream(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<FeedOptions>();
        options = configuration is null
            ? options.BindConfiguration(FeedOptions.SectionName)
            : options.Bind(configuration.GetSection(FeedOptions.SectionName));
        options
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeedCredentialStore>();
        services.TryAddSingleton<MarketStateStore>();
        services.TryAddSingleton<IMarketStateReader>(sp => sp.GetRequiredService<MarketStateStore>());
        services.TryAddSingleton<UpstreamCounters>();
        services.TryAddSingleton<UpstreamPool>();
        services.TryAddSingleton<IUpstreamRequestSender>(sp => sp.GetRequiredService<UpstreamPool>());
        services.AddHostedService(sp => sp.GetRequiredService<UpstreamPool>());
        return services;
    }
}
