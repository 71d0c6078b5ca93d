namespace Relay.Server.Trading;

/// <summary>DhanHQ order statuses (see <see cref="TradingNames"/> for the wire names).</summary>
internal enum OrderStatus
{
    /// <summary><c>TRANSIT</c>: on its way to the exchange.</summary>
    Transit,

    /// <summary><c>PENDING</c>: open, resting.</summary>
    Pending,

    /// <summary><c>TRADED</c>: filled completely.</summary>
    Traded,

    /// <summary><c>PART_TRADED</c>: partly filled, the rest still open.</summary>
    PartTraded,

    /// <summary><c>CANCELLED</c>.</summary>
    Cancelled,

    /// <summary><c>REJECTED</c>.</summary>
    Rejected,

    /// <summary><c>EXPIRED</c>.</summary>
    Expired,
}
