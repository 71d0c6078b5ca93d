using Relay.Core.Contracts;
using Relay.Server.Trading;

namespace Relay.Tests.Server.Trading;

internal sealed class PaperMathTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [Test]
    public void ApplyFill_BuysThenSells_AverageCostAndRealizedPnl()
    {
        var position = PaperPositionRow.Empty(1, Hdfc, ProductType.Cnc);

        position = PaperMath.ApplyFill(position, TransactionType.Buy, 10, U(100m), 1m, 0);
        position = PaperMath.ApplyFill(position, TransactionType.Buy, 10, U(110m), 1m, 0);
        position = PaperMath.ApplyFill(position, TransactionType.Sell, 5, U(120m), 1m, 0);

        position.NetQuantity.Should().Be(15);
        position.OpenCost.Should().Be(U(1575m), "15 left at the average 105");
        position.RealizedPnl.Should().Be(U(75m), "5 × (120 − 105)");
        position.Margin.Should().Be(U(1575m));
        position.BuyValue.Should().Be(U(2100m));
        position.SellValue.Should().Be(U(600m));
    }

    [Test]
    public void ApplyFill_SellMoreThanHeld_FlipsShortAtTheTradePrice()
    {
        var position = PaperMath.ApplyFill(PaperPositionRow.Empty(1, Hdfc, ProductType.Intraday), TransactionType.Buy, 10, U(100m), 0.2m, 0);

        position = PaperMath.ApplyFill(position, TransactionType.Sell, 25, U(90m), 0.2m, 0);

        position.NetQuantity.Should().Be(-15);
        position.RealizedPnl.Should().Be(U(-100m));
        position.OpenCost.Should().Be(U(1350m));
        position.Margin.Should().Be(U(270m), "INTRADAY at 5x blocks a fifth");
        PaperMath.Unrealized(position, U(80m)).Should().Be(U(150m), "short 15 from 90, now 80");
    }

    [Test]
    public void ApplyFill_ThirdsOfAnAverage_StayExactInUnits()
    {
        var position = PaperMath.ApplyFill(PaperPositionRow.Empty(1, Hdfc, ProductType.Cnc), TransactionType.Buy, 3, U(100.05m), 1m, 0);
        position = PaperMath.ApplyFill(position, TransactionType.Buy, 3, U(100.10m), 1m, 0);

        for (var i = 0; i < 6; i++)
        {
            position = PaperMath.ApplyFill(position, TransactionType.Sell, 1, U(100.10m), 1m, 0);
        }

        position.NetQuantity.Should().Be(0);
        position.OpenCost.Should().Be(0);
        position.RealizedPnl.Should().Be(U(0.15m), "what was paid and received differs by exactly ₹0.15, however it is split");
    }

    [TestCase(0, TransactionType.Sell, 10, 0, 0)]
    [TestCase(10, TransactionType.Sell, 4, 0, 4)]
    [TestCase(10, TransactionType.Sell, 15, 0, 10)]
    [TestCase(10, TransactionType.Sell, 10, 8, 2)]
    [TestCase(10, TransactionType.Buy, 10, 0, 0)]
    [TestCase(-10, TransactionType.Buy, 12, 0, 10)]
    public void ClosingQuantity_CountsOnlyWhatClosesAndIsNotClaimed(long net, TransactionType side, long quantity, long pending, long expected) =>
        PaperMath.ClosingQuantity(net, side, quantity, pending).Should().Be(expected);

    [TestCase(TransactionType.Buy, OrderType.Limit, 100, null, false, 100.05, RestingActionKind.None, 0)]
    [TestCase(TransactionType.Buy, OrderType.Limit, 100, null, false, 100, RestingActionKind.Fill, 100)]
    [TestCase(TransactionType.Buy, OrderType.Limit, 100, null, false, 95, RestingActionKind.Fill, 100)]
    [TestCase(TransactionType.Sell, OrderType.Limit, 100, null, false, 99.95, RestingActionKind.None, 0)]
    [TestCase(TransactionType.Sell, OrderType.Limit, 100, null, false, 101, RestingActionKind.Fill, 100)]
    [TestCase(TransactionType.Sell, OrderType.StopLossMarket, null, 95, false, 95.05, RestingActionKind.None, 0)]
    [TestCase(TransactionType.Sell, OrderType.StopLossMarket, null, 95, false, 94.5, RestingActionKind.Fill, 94.5)]
    [TestCase(TransactionType.Buy, OrderType.StopLossMarket, null, 105, false, 105.2, RestingActionKind.Fill, 105.2)]
    [TestCase(TransactionType.Buy, OrderType.StopLoss, 106, 105, false, 104, RestingActionKind.None, 0)]
    [TestCase(TransactionType.Buy, OrderType.StopLoss, 106, 105, false, 105.5, RestingActionKind.Fill, 105.5)]
    [TestCase(TransactionType.Buy, OrderType.StopLoss, 106, 105, false, 107, RestingActionKind.Trigger, 0)]
    [TestCase(TransactionType.Buy, OrderType.StopLoss, 106, 105, true, 106.5, RestingActionKind.None, 0)]
    [TestCase(TransactionType.Buy, OrderType.StopLoss, 106, 105, true, 104, RestingActionKind.Fill, 106)]
    public void Evaluate_FollowsTheStatedFillRules(
        TransactionType side, OrderType type, double? price, double? trigger, bool triggered, double ltp, RestingActionKind kind, double fillPrice)
    {
        var action = PaperMath.Evaluate(side, type, price is { } p ? U((decimal)p) : null, trigger is { } t ? U((decimal)t) : null, triggered, U((decimal)ltp));

        action.Kind.Should().Be(kind);
        action.FillPrice.Should().Be(U((decimal)fillPrice));
    }

    [TestCase(985.05f, 0.05, "985.05")]
    [TestCase(985.07f, 0.05, "985.05")]
    [TestCase(985.075f, 0.05, "985.1")]
    [TestCase(84.1234f, 0.0025, "84.1225")]
    [TestCase(26150.4f, 0.1, "26150.4")]
    [TestCase(0f, 0.05, null)]
    [TestCase(float.NaN, 0.05, null)]
    public void FromWire_ShortestDecimalThenNearestTick(float wire, double tick, string? expected) =>
        TickGrid.FromWire(wire, (decimal)tick).Should().Be(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public void Money_RoundTripsWithoutTrailingZeros()
    {
        Money.ToUnits(985.05m).Should().Be(9_850_500);
        Money.ToRupees(9_850_500).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("985.05");
        Money.ToRupees(10_000).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("1");
        Money.Format(10_000_000_000).Should().Be("1,000,000.00");
        TickGrid.IsOnGrid(985.05m, 0.05m).Should().BeTrue();
        TickGrid.IsOnGrid(985.03m, 0.05m).Should().BeFalse();
        TickGrid.IsOnGrid(84.1225m, 0.0025m).Should().BeTrue();
    }

    private static long U(decimal rupees) => Money.ToUnits(rupees);
}
