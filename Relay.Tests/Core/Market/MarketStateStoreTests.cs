using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Market;

internal sealed class MarketStateStoreTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey Nifty = new(ExchangeSegment.NSE_FNO, 55796);

    [Test]
    public void TryGet_UnknownInstrument_ReturnsFalse()
    {
        var store = new MarketStateStore();

        store.TryGet(Reliance, out _).Should().BeFalse();
        store.Count.Should().Be(0);
        store.Version.Should().Be(0);
    }

    [Test]
    public void Apply_Ticker_UpdatesLtpAndLttOnly()
    {
        var store = new MarketStateStore();
        store.Apply(Quote(Reliance, 100f), 1_000);

        store.Apply(new TickerPacket(Reliance, 101.5f, 1_700_000_500), 2_000);

        store.TryGet(Reliance, out var s).Should().BeTrue();
        s.Instrument.Should().Be(Reliance);
        s.Ltp.Should().Be(101.5f);
        s.Ltt.Should().Be(1_700_000_500u);
        s.Volume.Should().Be(5000u, "a ticker carries no volume, the quote's stays");
        s.Atp.Should().Be(99.5f);
        s.ReceivedAt.Should().Be(2_000);
        s.RichestMode.Should().Be(FeedMode.Quote, "the richest kind ever received is kept");
    }

    [Test]
    public void Apply_Quote_UpdatesQuoteFieldsButNotOpenInterest()
    {
        var store = new MarketStateStore();
        store.Apply(new OiPacket(Nifty, 777), 1_000);

        store.Apply(Quote(Nifty, 200f), 2_000);

        store.TryGet(Nifty, out var s).Should().BeTrue();
        s.Ltp.Should().Be(200f);
        s.Ltq.Should().Be(25);
        s.Ltt.Should().Be(1_700_000_000u);
        s.Atp.Should().Be(199.5f);
        s.Volume.Should().Be(5000u);
        s.TotalSellQuantity.Should().Be(700u);
        s.TotalBuyQuantity.Should().Be(800u);
        s.Open.Should().Be(198f);
        s.Close.Should().Be(197f);
        s.High.Should().Be(202f);
        s.Low.Should().Be(196f);
        s.OpenInterest.Should().Be(777u);
        s.RichestMode.Should().Be(FeedMode.Quote);
        s.ReceivedAt.Should().Be(2_000);
    }

    [Test]
    public void Apply_OpenInterest_UpdatesOpenInterestOnly()
    {
        var store = new MarketStateStore();
        store.Apply(Quote(Nifty, 200f), 1_000);

        store.Apply(new OiPacket(Nifty, 123_456), 3_000);

        store.TryGet(Nifty, out var s).Should().BeTrue();
        s.OpenInterest.Should().Be(123_456u);
        s.Ltp.Should().Be(200f);
        s.ReceivedAt.Should().Be(3_000);
    }

    [Test]
    public void Apply_PrevClose_UpdatesPrevCloseAndPrevOiAndLeavesModeUnset()
    {
        var store = new MarketStateStore();

        store.Apply(new PrevClosePacket(Nifty, 180.25f, 9_999), 4_000);

        store.TryGet(Nifty, out var s).Should().BeTrue();
        s.PrevClose.Should().Be(180.25f);
        s.PrevOpenInterest.Should().Be(9_999u);
        s.Ltp.Should().Be(0f);
        s.RichestMode.Should().Be((FeedMode)0, "only a previous close arrived");
    }

    [Test]
    public void Apply_Full_UpdatesEverythingIncludingDepth()
    {
        var store = new MarketStateStore();
        store.Apply(new PrevClosePacket(Nifty, 180.25f, 9_999), 1_000);

        store.Apply(Full(Nifty, 7), 5_000);

        store.TryGet(Nifty, out var s).Should().BeTrue();
        s.Ltp.Should().Be(7f);
        s.Ltq.Should().Be(7);
        s.Ltt.Should().Be(7u);
        s.Atp.Should().Be(7f);
        s.Volume.Should().Be(7u);
        s.TotalSellQuantity.Should().Be(7u);
        s.TotalBuyQuantity.Should().Be(7u);
        s.OpenInterest.Should().Be(7u);
        s.OiDayHigh.Should().Be(8u);
        s.OiDayLow.Should().Be(6u);
        s.Open.Should().Be(7f);
        s.Close.Should().Be(7f);
        s.High.Should().Be(8f);
        s.Low.Should().Be(6f);
        for (var i = 0; i < Depth5.Count; i++)
        {
            s.Depth[i].Should().Be(new DepthLevel(7u + (uint)i, 7u + (uint)i, (ushort)i, (ushort)i, 7 + i, 7 + i + 0.05f));
        }

        s.PrevClose.Should().Be(180.25f, "a full packet carries no previous close");
        s.RichestMode.Should().Be(FeedMode.Full);
        s.ReceivedAt.Should().Be(5_000);
    }

    [Test]
    public void Restore_UnknownInstrument_SeedsStateWithoutCountingAsChanged()
    {
        var store = new MarketStateStore();
        var persisted = new MarketSnapshot { Instrument = Reliance, Ltp = 2500f, PrevClose = 2490f, RichestMode = FeedMode.Quote, ReceivedAt = 10_000 };

        store.Restore(persisted);

        store.TryGet(Reliance, out var s).Should().BeTrue();
        s.Ltp.Should().Be(2500f);
        s.PrevClose.Should().Be(2490f);
        s.RichestMode.Should().Be(FeedMode.Quote);
        s.ReceivedAt.Should().Be(10_000);
        var changed = new List<MarketSnapshot>();
        store.CopyChangedSince(0, changed);
        changed.Should().BeEmpty();
    }

    [Test]
    public void Restore_OlderThanLiveState_IsIgnored()
    {
        var store = new MarketStateStore();
        store.Apply(new TickerPacket(Reliance, 2600f, 1), 20_000);

        store.Restore(new MarketSnapshot { Instrument = Reliance, Ltp = 2500f, ReceivedAt = 10_000 });

        store.TryGet(Reliance, out var s).Should().BeTrue();
        s.Ltp.Should().Be(2600f);
    }

    [Test]
    public void CopyChangedSince_AfterUpdates_ReturnsOnlyInstrumentsUpdatedSinceWatermark()
    {
        var store = new MarketStateStore();
        store.Apply(new TickerPacket(Reliance, 1f, 1), 1);
        store.Apply(new TickerPacket(Nifty, 2f, 1), 1);
        var first = new List<MarketSnapshot>();
        var watermark = store.CopyChangedSince(0, first);

        store.Apply(new TickerPacket(Nifty, 3f, 2), 2);
        var second = new List<MarketSnapshot>();
        var next = store.CopyChangedSince(watermark, second);

        first.Select(s => s.Instrument).Should().BeEquivalentTo([Reliance, Nifty]);
        second.Should().ContainSingle().Which.Ltp.Should().Be(3f);
        next.Should().Be(3);
        store.GetAll().Should().HaveCount(2);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TryGet_WhileWriterUpdates_NeverReturnsTornSnapshot(CancellationToken cancellationToken)
    {
        var store = new MarketStateStore();
        store.Apply(Full(Nifty, 1), 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var torn = 0;
        var reads = 0L;

        var writer = Task.Run(
            () =>
            {
                for (var k = 2; k < 400_000 && !stop.IsCancellationRequested; k++)
                {
                    store.Apply(Full(Nifty, k), k);
                }
            },
            cancellationToken);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(
            () =>
            {
                while (!writer.IsCompleted)
                {
                    store.TryGet(Nifty, out var s);
                    Interlocked.Increment(ref reads);
                    var k = s.ReceivedAt;
                    if (s.Ltp != k || s.Volume != k || s.OpenInterest != k || s.OiDayHigh != k + 1 || s.Depth[4].BidQuantity != k + 4 || s.Ltt != k)
                    {
                        Interlocked.Increment(ref torn);
                    }
                }
            },
            cancellationToken)).ToArray();

        await Task.WhenAll([writer, .. readers]);

        torn.Should().Be(0);
        reads.Should().BePositive();
    }

    [Test]
    public void Apply_AfterWarmUp_AllocatesNothingPerTick()
    {
        var store = new MarketStateStore();
        var ticker = new TickerPacket(Reliance, 1f, 1);
        var quote = Quote(Nifty, 2f);
        var oi = new OiPacket(Nifty, 3);
        var prev = new PrevClosePacket(Nifty, 4f, 4);
        var full = Full(Nifty, 5);
        ApplyAll(store, ticker, quote, oi, prev, full, 1);

        var (allocated, _) = AllocationMeter.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                ApplyAll(store, ticker, quote, oi, prev, full, i);
                store.TryGet(Nifty, out _);
            }
        });

        allocated.Should().Be(0);
    }

    private static void ApplyAll(MarketStateStore store, in TickerPacket ticker, in QuotePacket quote, in OiPacket oi, in PrevClosePacket prev, in FullPacket full, long at)
    {
        store.Apply(ticker, at);
        store.Apply(quote, at);
        store.Apply(oi, at);
        store.Apply(prev, at);
        store.Apply(full, at);
    }

    private static QuotePacket Quote(InstrumentKey instrument, float ltp) =>
        new(instrument, ltp, 25, 1_700_000_000, ltp - 0.5f, 5000, 700, 800, ltp - 2, ltp - 3, ltp + 2, ltp - 4);

    private static FullPacket Full(InstrumentKey instrument, int k)
    {
        var depth = default(Depth5);
        for (var i = 0; i < Depth5.Count; i++)
        {
            depth[i] = new DepthLevel((uint)(k + i), (uint)(k + i), (ushort)i, (ushort)i, k + i, k + i + 0.05f);
        }

        return new FullPacket(instrument, k, (ushort)k, (uint)k, k, (uint)k, (uint)k, (uint)k, (uint)k, (uint)k + 1, (uint)k - 1, k, k, k + 1, k - 1, depth);
    }
}
