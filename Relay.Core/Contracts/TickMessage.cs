namespace Relay.Core.Contracts;

/// <summary>Ticker-mode update, sent through the <c>Tick</c> callback.</summary>
public sealed class TickMessage
{
    /// <summary>Segment name, e.g. <c>NSE_EQ</c>.</summary>
    public required string ExchangeSegment { get; init; }

    /// <summary>Security id as a string.</summary>
    public required string SecurityId { get; init; }

    /// <summary>Last traded price, the shortest decimal that round-trips DhanHQ's float32.</summary>
    public double Ltp { get; init; }

    /// <summary>Last trade time, epoch seconds exactly as DhanHQ sent it (see the protocol notes on its IST reading).</summary>
    public long Ltt { get; init; }

    /// <summary>When Relay received the packet, Unix milliseconds (UTC).</summary>
    public long ReceivedAt { get; init; }
}
