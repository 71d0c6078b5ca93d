using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>What the simulator streams lands in <see cref="MarketStateStore"/> with plausible values, and the sink hears of it.</summary>
internal sealed class FeedEngineMarketStateTests
{
    private static readonly InstrumentKey FullEquity = EngineHarness.Equity(1333);
    private static readonly InstrumentKey QuoteFuture = new(ExchangeSegment.NSE_FNO, 62331);
    private static readonly InstrumentKey TickerIndex = new(ExchangeSegment.IDX_I, 13);
    private static readonly InstrumentKey NeverSubscribed = EngineHarness.Equity(2885);

    [Test]
    [CancelAfter(30_000)]
    public async Task Subscribe_EachMode_MarketStateHasPlausibleValuesAndTheSinkIsNotified(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?>
            {
                ["Relay:Simulator:TicksPerSecondPerInstrument"] = "20",

                // Several packets per frame, as DhanHQ may send: every one must be split out and applied.
                ["Relay:Simulator:MaxPacketsPerFrame"] = "8",
            },
            cancellationToken: cancellationToken);
        engine.Feed.Subscribe("full", [FullEquity], FeedMode.Full);
        engine.Feed.Subscribe("quote", [QuoteFuture], FeedMode.Quote);
        engine.Feed.Subscribe("ticker", [TickerIndex], FeedMode.Ticker);

        await EngineHarness.WaitUntilAsync(
            () => Has(engine, FullEquity, FeedMode.Full, 3) && Has(engine, QuoteFuture, FeedMode.Quote, 3) && Has(engine, TickerIndex, FeedMode.Ticker, 3),
            "prev close and three data packets of each instrument",
            cancellationToken);

        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var istNow = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 19_800;
        foreach (var instrument in new[] { FullEquity, QuoteFuture, TickerIndex })
        {
            engine.Market.TryGet(instrument, out var state).Should().BeTrue();
            var reference = engine.Simulator.Market.Get(instrument);
            state.PrevClose.Should().Be(reference.PrevClose, "the prev close packet of {0} arrived", instrument);
            state.Ltp.Should().BePositive();
            OnGrid(state.Ltp, reference.Instrument.TickSize).Should().BeTrue("LTP {0} of {1} is on its {2} tick grid", state.Ltp, instrument, reference.Instrument.TickSize);
            ((long)state.Ltt).Should().BeCloseTo(istNow, 120, "LTT is IST seconds as DhanHQ sends it");
            state.ReceivedAt.Should().BeCloseTo(nowMs, 60_000);
            engine.Sink.CountOf(instrument, MarketUpdateKind.PrevClose).Should().BePositive();
        }

        engine.Market.TryGet(FullEquity, out var full);
        full.RichestMode.Should().Be(FeedMode.Full);
        full.Depth[0].BidPrice.Should().BeLessThan(full.Ltp);
        full.Depth[0].AskPrice.Should().BeGreaterThan(full.Ltp);
        for (var level = 1; level < Depth5.Count; level++)
        {
            full.Depth[level].BidPrice.Should().BeLessThan(full.Depth[level - 1].BidPrice);
            full.Depth[level].AskPrice.Should().BeGreaterThan(full.Depth[level - 1].AskPrice);
        }

        full.Low.Should().BeLessThanOrEqualTo(full.Ltp);
        full.High.Should().BeGreaterThanOrEqualTo(full.Ltp);
        full.Volume.Should().BePositive();
        full.Atp.Should().BeInRange(full.Low, full.High);
        engine.Sink.CountOf(FullEquity, MarketUpdateKind.Full).Should().BeGreaterThanOrEqualTo(3);

        engine.Market.TryGet(QuoteFuture, out var quote);
        quote.RichestMode.Should().Be(FeedMode.Quote);
        quote.OpenInterest.Should().BePositive("Quote mode brings OI packets for derivatives");
        quote.PrevOpenInterest.Should().BePositive();
        quote.Volume.Should().BePositive();
        quote.Depth[0].Should().Be(default(DepthLevel), "no Full packet was ever asked for");
        engine.Sink.CountOf(QuoteFuture, MarketUpdateKind.OpenInterest).Should().BePositive();

        engine.Market.TryGet(TickerIndex, out var ticker);
        ticker.RichestMode.Should().Be(FeedMode.Ticker);
        ticker.Volume.Should().Be(0u);

        engine.Counters.Snapshot().Malformed.Should().Be(0);
        engine.Market.TryGet(NeverSubscribed, out _).Should().BeFalse();
        engine.Sink.CountOf(NeverSubscribed).Should().Be(0);
    }

    private static bool Has(EngineHarness engine, InstrumentKey instrument, FeedMode mode, int packets) =>
        engine.Market.TryGet(instrument, out var state)
        && state.RichestMode == mode
        && state.PrevClose > 0
        && engine.Sink.CountOf(instrument, Kind(mode)) >= packets;

    private static MarketUpdateKind Kind(FeedMode mode) => mode switch
    {
        FeedMode.Full => MarketUpdateKind.Full,
        FeedMode.Quote => MarketUpdateKind.Quote,
        _ => MarketUpdateKind.Ticker,
    };

    // On the grid as a float32 can be: the float nearest some whole number of ticks.
    private static bool OnGrid(float price, decimal tick)
    {
        var ticks = Math.Round((double)price / (double)tick);
        return (float)(ticks * (double)tick) == price;
    }
}
