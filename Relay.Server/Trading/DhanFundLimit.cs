using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary><c>GET /fundlimit</c>; DhanHQ spells two fields <c>availabelBalance</c> and <c>receiveableAmount</c>.</summary>
internal sealed class DhanFundLimit
{
    [JsonPropertyName("availabelBalance")]
    public decimal? AvailabelBalance { get; set; }

    public decimal? AvailableBalance { get; set; }

    public decimal SodLimit { get; set; }

    public decimal? CollateralAmount { get; set; }

    [JsonPropertyName("receiveableAmount")]
    public decimal? ReceiveableAmount { get; set; }

    public decimal? ReceivableAmount { get; set; }

    public decimal UtilizedAmount { get; set; }

    public decimal? BlockedPayoutAmount { get; set; }

    public decimal? WithdrawableBalance { get; set; }

    public FundsResponse ToResponse() => new()
    {
        AvailableBalance = Money.Normalize(AvailableBalance ?? AvailabelBalance ?? 0),
        UtilizedAmount = Money.Normalize(UtilizedAmount),
        OpeningBalance = Money.Normalize(SodLimit),
        SodLimit = Money.Normalize(SodLimit),
        CollateralAmount = CollateralAmount,
        ReceivableAmount = ReceivableAmount ?? ReceiveableAmount,
        BlockedPayoutAmount = BlockedPayoutAmount,
        WithdrawableBalance = WithdrawableBalance,
    };
}
