namespace Relay.Core.Contracts;

/// <summary>
/// Server → client callbacks of the market hub (<c>/hubs/market</c>). The server's <c>Hub&lt;IMarketClient&gt;</c>
/// and the .NET client both use this interface, so a renamed callback breaks the build.
/// </summary>
public interface IMarketClient
{
    /// <summary>A Ticker-mode update (on the wire the positional array <c>[segmentCode, securityId, ltp, ltt]</c>; see <see cref="TickMessage"/>).</summary>
    Task Tick(TickMessage message);

    /// <summary>A Quote-mode update.</summary>
    Task Quote(QuoteMessage message);

    /// <summary>A Full-mode update.</summary>
    Task Full(FullMessage message);

    /// <summary>The feed's state changed (also sent once on connect).</summary>
    Task FeedStatus(FeedStatusMessage message);

    /// <summary>One of the connected user's orders changed (sent to that user's connections only).</summary>
    Task OrderUpdate(OrderUpdateMessage message);
}
