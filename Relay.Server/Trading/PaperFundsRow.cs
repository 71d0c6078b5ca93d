namespace Relay.Server.Trading;

/// <summary>A user's paper funds, summed in one query (money in <see cref="Money"/> units).</summary>
internal sealed class PaperFundsRow
{
    public long OpeningBalance { get; set; }

    /// <summary>Sum of the positions' realized P&amp;L.</summary>
    public long RealizedPnl { get; set; }

    /// <summary>Sum of the positions' margin.</summary>
    public long PositionMargin { get; set; }

    /// <summary>Sum of the open orders' reservations.</summary>
    public long OrderReserve { get; set; }

    /// <summary>Blocked by positions and open orders.</summary>
    public long Utilized => PositionMargin + OrderReserve;

    /// <summary>What new orders may use: opening balance + realized P&amp;L − utilized (may be negative after losses).</summary>
    public long Available => OpeningBalance + RealizedPnl - Utilized;
}
