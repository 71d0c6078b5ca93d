using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>One <c>paper_positions</c> row (money in <see cref="Money"/> units); a value copy via <see cref="Clone"/>.</summary>
internal sealed class PaperPositionRow
{
    public long UserId { get; set; }

    public string ExchangeSegment { get; set; } = "";

    public long SecurityId { get; set; }

    public string ProductType { get; set; } = "";

    /// <summary>Bought minus sold; negative when short.</summary>
    public long NetQuantity { get; set; }

    /// <summary>What the open quantity cost (its average price × |net|), always ≥ 0.</summary>
    public long OpenCost { get; set; }

    /// <summary>Funds blocked by the open quantity.</summary>
    public long Margin { get; set; }

    public long BuyQuantity { get; set; }

    public long BuyValue { get; set; }

    public long SellQuantity { get; set; }

    public long SellValue { get; set; }

    public long RealizedPnl { get; set; }

    public long UpdatedAt { get; set; }

    public InstrumentKey Instrument => new(ExchangeSegments.Parse(ExchangeSegment), (uint)SecurityId);

    public static PaperPositionRow Empty(long userId, InstrumentKey instrument, ProductType product) => new()
    {
        UserId = userId,
        ExchangeSegment = ExchangeSegments.Name(instrument.Segment),
        SecurityId = instrument.SecurityId,
        ProductType = TradingNames.Name(product),
    };

    public PaperPositionRow Clone() => (PaperPositionRow)MemberwiseClone();

    /// <summary>The API shape, marked to <paramref name="ltpUnits"/> (null when no price is known).</summary>
    public PositionResponse ToResponse(long? ltpUnits) => new()
    {
        ExchangeSegment = ExchangeSegment,
        SecurityId = SecurityId.ToString(CultureInfo.InvariantCulture),
        ProductType = ProductType,
        NetQuantity = NetQuantity,
        BuyQuantity = BuyQuantity,
        SellQuantity = SellQuantity,
        AveragePrice = NetQuantity == 0 ? 0m : Money.Normalize(Math.Round((decimal)OpenCost / Math.Abs(NetQuantity) / Money.Scale, 4)),
        Ltp = ltpUnits is { } ltp ? Money.ToRupees(ltp) : 0m,
        RealizedPnl = Money.ToRupees(RealizedPnl),
        UnrealizedPnl = ltpUnits is { } mark ? Money.ToRupees(PaperMath.Unrealized(this, mark)) : 0m,
    };
}
