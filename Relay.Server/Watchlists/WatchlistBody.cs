using Relay.Core.Contracts;

namespace Relay.Server.Watchlists;

/// <summary>A watchlist as the REST API carries it: <c>{ "instruments": [{ "exchangeSegment": "NSE_EQ", "securityId": "1333" }] }</c>.</summary>
internal sealed class WatchlistBody
{
    /// <summary>The instruments, in display order.</summary>
    public List<InstrumentRef>? Instruments { get; set; }

    /// <summary>The body for <paramref name="keys"/>.</summary>
    public static WatchlistBody From(IEnumerable<InstrumentKey> keys) => new() { Instruments = [.. keys.Select(InstrumentRef.From)] };
}
