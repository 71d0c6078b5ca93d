using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Relay.Server.Trading;

/// <summary>Registers the orders API's services.</summary>
internal static class TradingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TradingOptions"/> (section <c>Relay:Trading</c>, validated at start), the broker selected by
    /// <see cref="TradingBrokerSelection"/> as the scoped <see cref="ITradingBroker"/>, the paper broker with its
    /// store and <see cref="PaperFillEngine"/> (a hosted service that attaches itself to the engine's market-update
    /// fan-out), and the DhanHQ proxy. Defaults that the host may replace by registering its own first or later:
    /// <see cref="IOrderUpdatePublisher"/> (the market hub's <c>OrderUpdate</c> to the user's connections) and
    /// <see cref="IBrokerCredentialsProvider"/> (the feed's credentials, else the credential store). Needs <c>AddRelayStorage</c> and an
    /// <see cref="Core.Market.IMarketStateReader"/>; uses an <see cref="Core.Upstream.IMarketFeed"/> when registered.
    /// </summary>
    public static IServiceCollection AddRelayTrading(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<TradingOptions>()
            .Bind(configuration.GetSection(TradingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TradingBrokerSelection(
            sp.GetRequiredService<IOptions<TradingOptions>>(),
            configuration));

        services.TryAddSingleton<OrderValidator>();
        services.TryAddSingleton<TradingRateLimiter>();
        services.TryAddSingleton<IOrderUpdatePublisher, HubOrderUpdatePublisher>();
        services.TryAddSingleton<IBrokerCredentialsProvider, FeedBrokerCredentialsProvider>();

        services.TryAddSingleton<PaperTradingStore>();
        services.TryAddSingleton<PaperMarketInterest>();
        services.TryAddSingleton<PaperOrderBook>();
        services.TryAddSingleton<PaperBroker>();
        services.TryAddSingleton<PaperFillEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<PaperFillEngine>());

        services.TryAddSingleton<DhanOrderStore>();
        services.TryAddSingleton<DhanOrderRateLimiter>();
        services.AddHttpClient<DhanOrderClient>((sp, http) =>
            {
                http.BaseAddress = DhanOrderClient.BaseAddress(sp.GetRequiredService<IOptions<TradingOptions>>().Value.DhanBaseUrl);
                http.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (TradingOptions.DhanTimeout)
            })
            .RemoveAllLoggers(); // the default handlers log request URLs; DhanOrderClient logs what is safe
        services.TryAddTransient<DhanBroker>();

        services.TryAddScoped<ITradingBroker>(sp => sp.GetRequiredService<TradingBrokerSelection>().Broker == TradingBroker.Dhan
            ? sp.GetRequiredService<DhanBroker>()
            : sp.GetRequiredService<PaperBroker>());
        return services;
    }
}
