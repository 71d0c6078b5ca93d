namespace Relay.Server.Market;

/// <summary>An instrument of a snapshot request with no known state.</summary>
internal sealed class MissingInstrument
{
    /// <summary>Segment name, e.g. <c>NSE_EQ</c>.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id as a string.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Why there is no state (nothing was received for it yet: not subscribed, or no trade yet).</summary>
    public required string Reason { get; init; }
}
