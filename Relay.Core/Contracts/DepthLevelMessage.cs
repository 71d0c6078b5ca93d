namespace Relay.Core.Contracts;

/// <summary>One level of 5-level market depth; both sides of the book at that level.</summary>
public sealed class DepthLevelMessage
{
    /// <summary>Bid quantity.</summary>
    public long BidQuantity { get; init; }

    /// <summary>Ask quantity.</summary>
    public long AskQuantity { get; init; }

    /// <summary>Number of bid orders.</summary>
    public int BidOrders { get; init; }

    /// <summary>Number of ask orders.</summary>
    public int AskOrders { get; init; }

    /// <summary>Bid price.</summary>
    public double BidPrice { get; init; }

    /// <summary>Ask price.</summary>
    public double AskPrice { get; init; }
}
