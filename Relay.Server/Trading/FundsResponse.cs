using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>
/// <c>GET /api/funds</c>: DhanHQ fund-limit names where they exist, rupees. Fields a broker does not report are
/// omitted.
/// </summary>
internal sealed record FundsResponse
{
    /// <summary>What new orders can use.</summary>
    public decimal AvailableBalance { get; init; }

    /// <summary>Blocked by open positions and open orders.</summary>
    public decimal UtilizedAmount { get; init; }

    /// <summary>The balance the account opened with (paper) or DhanHQ's start-of-day limit.</summary>
    public decimal OpeningBalance { get; init; }

    /// <summary>DhanHQ's start-of-day limit (DhanHQ only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? SodLimit { get; init; }

    /// <summary>Profit or loss booked by closing trades (paper only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RealizedPnl { get; init; }

    /// <summary>Open positions marked to Relay's last prices (paper only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? UnrealizedPnl { get; init; }

    /// <summary>DhanHQ's collateral amount.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? CollateralAmount { get; init; }

    /// <summary>DhanHQ's receivable amount.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? ReceivableAmount { get; init; }

    /// <summary>DhanHQ's blocked payout amount.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? BlockedPayoutAmount { get; init; }

    /// <summary>DhanHQ's withdrawable balance.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? WithdrawableBalance { get; init; }
}
