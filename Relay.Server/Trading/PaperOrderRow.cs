using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

/// <summary>One <c>paper_orders</c> row (money in <see cref="Money"/> units).</summary>
internal sealed class PaperOrderRow
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public string ExchangeSegment { get; set; } = "";

    public long SecurityId { get; set; }

    public string TransactionType { get; set; } = "";

    public string ProductType { get; set; } = "";

    public string OrderType { get; set; } = "";

    public string Validity { get; set; } = "";

    public long Quantity { get; set; }

    public long FilledQuantity { get; set; }

    public long? Price { get; set; }

    public long? TriggerPrice { get; set; }

    public long? AveragePrice { get; set; }

    public string Status { get; set; } = "";

    public bool Triggered { get; set; }

    public long Reserved { get; set; }

    public string? CorrelationId { get; set; }

    public string? RejectionReason { get; set; }

    public int Modifications { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public InstrumentKey Instrument => new(ExchangeSegments.Parse(ExchangeSegment), (uint)SecurityId);

    public TransactionType Side => TradingNames.TryParse(TransactionType, out Trading.TransactionType side) ? side : throw Corrupt(nameof(TransactionType));

    public OrderType Type => TradingNames.TryParse(OrderType, out Trading.OrderType type) ? type : throw Corrupt(nameof(OrderType));

    public ProductType Product => TradingNames.TryParse(ProductType, out Trading.ProductType product) ? product : throw Corrupt(nameof(ProductType));

    public OrderValidity OrderValidity => TradingNames.TryParse(Validity, out OrderValidity validity) ? validity : throw Corrupt(nameof(Validity));

    public OrderStatus OrderStatus => TradingNames.TryParse(Status, out OrderStatus status) ? status : throw Corrupt(nameof(Status));

    public bool IsOpen => TradingNames.IsOpen(OrderStatus);

    public string OrderIdText => Id.ToString(CultureInfo.InvariantCulture);

    public OrderResponse ToResponse() => new()
    {
        OrderId = OrderIdText,
        OrderStatus = Status,
        TransactionType = TransactionType,
        ExchangeSegment = ExchangeSegment,
        SecurityId = SecurityId.ToString(CultureInfo.InvariantCulture),
        Quantity = Quantity,
        FilledQuantity = FilledQuantity,
        Price = Price is { } price ? Money.ToRupees(price) : 0m,
        TriggerPrice = TriggerPrice is { } trigger ? Money.ToRupees(trigger) : 0m,
        AveragePrice = AveragePrice is { } average ? Money.ToRupees(average) : 0m,
        OrderType = OrderType,
        ProductType = ProductType,
        Validity = Validity,
        CorrelationId = CorrelationId,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        RejectionReason = RejectionReason,
    };

    private InvalidOperationException Corrupt(string column) =>
        new($"paper_orders row {Id} has an unknown {column}; the database was written by a newer build.");
}
