using Microsoft.Extensions.Options;

namespace Relay.Server.Trading;

/// <summary>
/// The broker serving the orders API, decided once at start: <see cref="TradingOptions.Broker"/>, with
/// <see cref="TradingBroker.Auto"/> resolved from the feed mode (<c>Relay:Feed:Mode</c> = <c>Dhan</c> → DhanHQ,
/// anything else, including unset, → paper).
/// </summary>
internal sealed class TradingBrokerSelection
{
    public TradingBrokerSelection(IOptions<TradingOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        Broker = options.Value.Broker switch
        {
            TradingBroker.Paper => TradingBroker.Paper,
            TradingBroker.Dhan => TradingBroker.Dhan,
            _ => string.Equals(configuration[TradingOptions.FeedModeKey], "Dhan", StringComparison.OrdinalIgnoreCase) ? TradingBroker.Dhan : TradingBroker.Paper,
        };
    }

    /// <summary><see cref="TradingBroker.Paper"/> or <see cref="TradingBroker.Dhan"/>, never Auto.</summary>
    public TradingBroker Broker { get; }
}
