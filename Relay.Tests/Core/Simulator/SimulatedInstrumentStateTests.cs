using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;

namespace Relay.Tests.Core.Simulator;

internal sealed class SimulatedInstrumentStateTests
{
    private static readonly SimulatorInstrument Equity = new(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333), 0.05m, 985m, 1, "HDFCBANK");
    private static readonly SimulatorInstrument Future = new(new InstrumentKey(ExchangeSegment.NSE_FNO, 62331), 0.10m, 26150m, 65, "NIFTY-Dec2026-FUT");
    private static readonly SimulatorInstrument Index = new(new InstrumentKey(ExchangeSegment.IDX_I, 13), 0.05m, 25850m, 1, "NIFTY");

    [Test]
    public void Advance_SameSeed_SameSequenceAndOtherSeedDiffers()
    {
        var first = Ltps(new SimulatedInstrumentState(Equity, seed: 5, rank: 0), 200);
        var again = Ltps(new SimulatedInstrumentState(Equity, seed: 5, rank: 3), 200);
        var other = Ltps(new SimulatedInstrumentState(Equity, seed: 6, rank: 0), 200);

        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Test]
    public void Advance_ManyTrades_DayStatisticsStayConsistent()
    {
        var state = new SimulatedInstrumentState(Future, seed: 9, rank: 0);
        var previousVolume = 0u;
        for (var i = 0; i < 5_000; i++)
        {
            state.Advance(1_753_439_415, out var tick);

            tick.Low.Should().BeLessThanOrEqualTo(tick.Ltp);
            tick.High.Should().BeGreaterThanOrEqualTo(tick.Ltp);
            tick.Open.Should().BeInRange(tick.Low, tick.High);
            tick.Ltp.Should().BeInRange(26150f * 0.9f - 0.1f, 26150f * 1.1f + 0.1f, "the walk stays within a ±10 % band of the previous close");
            tick.Volume.Should().BeGreaterThan(previousVolume);
            previousVolume = tick.Volume;
            tick.Atp.Should().BeInRange(tick.Low - 0.01f, tick.High + 0.01f);
            (tick.Ltq % 65).Should().Be(0);
            tick.OpenInterest.Should().BeInRange(tick.OiDayLow, tick.OiDayHigh);
            tick.Close.Should().Be(state.PrevClose);
            tick.Depth[0].BidPrice.Should().BeLessThan(tick.Ltp);
            tick.Depth[0].AskPrice.Should().BeGreaterThan(tick.Ltp);
            tick.Depth[4].BidPrice.Should().BeLessThan(tick.Depth[3].BidPrice);
            tick.Depth[4].AskPrice.Should().BeGreaterThan(tick.Depth[3].AskPrice);
        }

        state.PrevOpenInterest.Should().BePositive();
    }

    [Test]
    public void Advance_Index_HasNoTradesNoBookNoOi()
    {
        var state = new SimulatedInstrumentState(Index, seed: 1, rank: 0);

        state.Advance(1, out var tick);

        tick.Ltp.Should().BePositive();
        (tick.Ltq, tick.Volume, tick.OpenInterest, tick.TotalBuyQuantity).Should().Be((0, 0u, 0u, 0u));
        tick.Depth[0].Should().Be(default(DepthLevel));
        state.PrevOpenInterest.Should().Be(0);
    }

    [Test]
    public void Advance_Equity_HasNoOi()
    {
        var state = new SimulatedInstrumentState(Equity, seed: 1, rank: 0);

        state.Advance(1, out var tick);

        tick.OpenInterest.Should().Be(0);
        tick.Volume.Should().BePositive();
        state.PrevClose.Should().Be(985f);
    }

    private static float[] Ltps(SimulatedInstrumentState state, int count)
    {
        var prices = new float[count];
        for (var i = 0; i < count; i++)
        {
            state.Advance(0, out var tick);
            prices[i] = tick.Ltp;
        }

        return prices;
    }
}
