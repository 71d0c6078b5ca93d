using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Core.Upstream;

namespace Relay.Server.Trading;

/// <summary>
/// Keeps the instruments the paper broker needs prices for (resting orders, open positions) subscribed upstream
/// in Ticker mode, under the connection id <see cref="ConnectionId"/>, with a reference count per instrument: the
/// first reference subscribes, the last one gone unsubscribes. Without an <see cref="IMarketFeed"/> registered it
/// only counts.
/// </summary>
internal sealed partial class PaperMarketInterest
{
    /// <summary>The subscription owner the paper broker uses in <see cref="IMarketFeed"/>.</summary>
    public const string ConnectionId = "paper-broker";

    private readonly Lock _lock = new();
    private readonly Dictionary<InstrumentKey, int> _counts = [];
    private readonly IServiceProvider _services;
    private readonly ILogger<PaperMarketInterest> _logger;

    public PaperMarketInterest(IServiceProvider services, ILogger<PaperMarketInterest> logger)
    {
        _services = services;
        _logger = logger;
    }

    /// <summary>The instruments held now.</summary>
    public IReadOnlyCollection<InstrumentKey> Held
    {
        get
        {
            lock (_lock)
            {
                return [.. _counts.Keys];
            }
        }
    }

    /// <summary>Adds a reference to <paramref name="instrument"/>.</summary>
    public void Add(InstrumentKey instrument)
    {
        lock (_lock)
        {
            _counts[instrument] = _counts.GetValueOrDefault(instrument) + 1;
            if (_counts[instrument] == 1)
            {
                // The feed's calls never block on I/O; calling under our lock keeps subscribe/unsubscribe in order.
                Feed()?.Subscribe(ConnectionId, [instrument], FeedMode.Ticker);
                LogHeld(instrument);
            }
        }
    }

    /// <summary>Drops a reference to <paramref name="instrument"/>.</summary>
    public void Remove(InstrumentKey instrument)
    {
        lock (_lock)
        {
            if (!_counts.TryGetValue(instrument, out var count))
            {
                return;
            }

            if (count > 1)
            {
                _counts[instrument] = count - 1;
                return;
            }

            _counts.Remove(instrument);
            Feed()?.Unsubscribe(ConnectionId, [instrument], FeedMode.Ticker);
            LogReleased(instrument);
        }
    }

    private IMarketFeed? Feed() => _services.GetService(typeof(IMarketFeed)) as IMarketFeed;

    [LoggerMessage(EventId = 7120, Level = LogLevel.Debug, Message = "Paper broker holds {Instrument} upstream")]
    private partial void LogHeld(InstrumentKey instrument);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Debug, Message = "Paper broker released {Instrument} upstream")]
    private partial void LogReleased(InstrumentKey instrument);
}
