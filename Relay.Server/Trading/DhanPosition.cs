using System.Globalization;
using System.Text.Json.Serialization;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>One entry of <c>GET /positions</c>.</summary>
internal sealed class DhanPosition
{
    public string? ExchangeSegment { get; set; }

    [JsonConverter(typeof(StringOrNumberJsonConverter))]
    public string? SecurityId { get; set; }

    public string? ProductType { get; set; }

    public long NetQty { get; set; }

    public long BuyQty { get; set; }

    public long SellQty { get; set; }

    public decimal BuyAvg { get; set; }

    public decimal SellAvg { get; set; }

    public decimal CostPrice { get; set; }

    public decimal RealizedProfit { get; set; }

    public decimal UnrealizedProfit { get; set; }

    /// <summary>The key, when the segment and id are valid.</summary>
    public InstrumentKey? Instrument =>
        InstrumentKey.TryCreate(ExchangeSegment, SecurityId, out var key, out _) ? key : null;

    /// <summary>Relay's shape; <paramref name="ltp"/> is Relay's last price (DhanHQ's position has none).</summary>
    public PositionResponse ToResponse(decimal? ltp) => new()
    {
        ExchangeSegment = ExchangeSegment ?? "",
        SecurityId = SecurityId ?? "",
        ProductType = (ProductType ?? "").ToUpper(CultureInfo.InvariantCulture),
        NetQuantity = NetQty,
        BuyQuantity = BuyQty,
        SellQuantity = SellQty,
        AveragePrice = Money.Normalize(CostPrice != 0 ? CostPrice : NetQty > 0 ? BuyAvg : NetQty < 0 ? SellAvg : 0),
        Ltp = ltp ?? 0,
        RealizedPnl = Money.Normalize(RealizedProfit),
        UnrealizedPnl = Money.Normalize(UnrealizedProfit),
    };
}
