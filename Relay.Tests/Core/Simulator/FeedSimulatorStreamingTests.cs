using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Simulator;

internal sealed class FeedSimulatorStreamingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly InstrumentKey HdfcBank = new(ExchangeSegment.NSE_EQ, 1333);
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey Tcs = new(ExchangeSegment.NSE_EQ, 11536);
    private static readonly InstrumentKey NiftyFuture = new(ExchangeSegment.NSE_FNO, 62331);
    private static readonly InstrumentKey Nifty50 = new(ExchangeSegment.IDX_I, 13);

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeTicker_TwoInstruments_PrevCloseFirstThenTickersForExactlyThose(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank, Reliance], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Ticker && p.Instrument == HdfcBank) >= 5
            && c.Packets.Count(p => p.Code == FeedResponseCode.Ticker && p.Instrument == Reliance) >= 5, Wait);

        var packets = client.Packets;
        packets.Select(p => p.Instrument).Distinct().Should().BeEquivalentTo([HdfcBank, Reliance]);
        packets.Select(p => p.Code).Distinct().Should().BeEquivalentTo([FeedResponseCode.PrevClose, FeedResponseCode.Ticker]);
        foreach (var (key, tick) in new[] { (HdfcBank, 0.05m), (Reliance, 0.10m) })
        {
            var own = packets.Where(p => p.Instrument == key).ToList();
            own[0].Code.Should().Be(FeedResponseCode.PrevClose, "prev close comes once, before the first tick");
            own.Count(p => p.Code == FeedResponseCode.PrevClose).Should().Be(1);
            own.Where(p => p.Code == FeedResponseCode.Ticker).Should().AllSatisfy(p => AssertOnGrid(p.Ltp!.Value, tick));
            AssertOnGrid(((PrevClosePacket)own[0].Packet).PrevClose, tick);
        }

        var istNow = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 19_800;
        packets.Where(p => p.Ltt is not null).Should().AllSatisfy(p => ((long)p.Ltt!.Value).Should().BeCloseTo(istNow, 5));
        simulator.GetSubscriptions(1).Should().BeEquivalentTo(new Dictionary<InstrumentKey, FeedMode[]>
        {
            [HdfcBank] = [FeedMode.Ticker],
            [Reliance] = [FeedMode.Ticker],
        });
        simulator.PacketsSent.Should().BeGreaterThanOrEqualTo(packets.Count);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeQuote_Derivative_SendsQuoteAndOiPackets(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SubscribeAsync(FeedMode.Quote, [NiftyFuture], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.OpenInterest) >= 5, Wait);

        var packets = client.Packets;
        packets[0].Code.Should().Be(FeedResponseCode.PrevClose);
        ((PrevClosePacket)packets[0].Packet).PrevOpenInterest.Should().BePositive("a future has a previous OI");
        packets.Skip(1).Select(p => p.Code).Should().OnlyContain(c => c == FeedResponseCode.Quote || c == FeedResponseCode.OpenInterest);
        var quotes = packets.Where(p => p.Code == FeedResponseCode.Quote).Select(p => (QuotePacket)p.Packet).ToList();
        quotes.Should().AllSatisfy(q =>
        {
            AssertOnGrid(q.Ltp, 0.10m);
            q.Low.Should().BeLessThanOrEqualTo(q.Ltp);
            q.High.Should().BeGreaterThanOrEqualTo(q.Ltp);
            q.Atp.Should().BeInRange(q.Low - 0.01f, q.High + 0.01f);
            (q.Ltq % 65).Should().Be(0, "futures trade in whole lots of 65");
        });
        quotes.Select(q => q.Volume).Should().BeInAscendingOrder();
        packets.Where(p => p.Code == FeedResponseCode.OpenInterest).Should().AllSatisfy(p => ((OiPacket)p.Packet).OpenInterest.Should().BePositive());
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeQuote_EquityAndIndex_SendsQuotesWithoutOi(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SubscribeAsync(FeedMode.Quote, [HdfcBank, Nifty50], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Quote && p.Instrument == Nifty50) >= 3
            && c.Packets.Count(p => p.Code == FeedResponseCode.Quote && p.Instrument == HdfcBank) >= 3, Wait);

        client.Packets.Should().NotContain(p => p.Code == FeedResponseCode.OpenInterest);
        client.Packets.Where(p => p.Code == FeedResponseCode.Quote && p.Instrument == Nifty50)
            .Should().AllSatisfy(p => ((QuotePacket)p.Packet).Volume.Should().Be(0, "an index does not trade"));
        client.Packets.Where(p => p.Code == FeedResponseCode.Quote && p.Instrument == HdfcBank)
            .Should().AllSatisfy(p => ((QuotePacket)p.Packet).Volume.Should().BePositive());
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeFull_Equity_SendsFullPacketsWithFiveLevelsAroundLtpOnTheGrid(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SubscribeAsync(FeedMode.Full, [Reliance], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Full) >= 10, Wait);

        client.Packets[0].Code.Should().Be(FeedResponseCode.PrevClose);
        var fulls = client.Packets.Where(p => p.Code == FeedResponseCode.Full).Select(p => (FullPacket)p.Packet).ToList();
        client.Packets.Should().HaveCount(fulls.Count + 1, "Full mode sends only prev close and full packets");
        foreach (var full in fulls)
        {
            AssertOnGrid(full.Ltp, 0.10m);
            full.OpenInterest.Should().Be(0, "cash equity has no OI");
            full.Low.Should().BeLessThanOrEqualTo(full.Ltp);
            full.High.Should().BeGreaterThanOrEqualTo(full.Ltp);
            full.TotalBuyQuantity.Should().BePositive();
            for (var i = 0; i < Depth5.Count; i++)
            {
                var level = full.Depth[i];
                level.BidPrice.Should().BeLessThan(full.Ltp);
                level.AskPrice.Should().BeGreaterThan(full.Ltp);
                AssertOnGrid(level.BidPrice, 0.10m);
                AssertOnGrid(level.AskPrice, 0.10m);
                level.BidQuantity.Should().BePositive();
                level.AskQuantity.Should().BePositive();
                ((uint)level.BidOrders).Should().BeInRange(1, level.BidQuantity);
                if (i > 0)
                {
                    level.BidPrice.Should().BeLessThan(full.Depth[i - 1].BidPrice, "bids go down the book");
                    level.AskPrice.Should().BeGreaterThan(full.Depth[i - 1].AskPrice, "asks go up the book");
                }
            }
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Unsubscribe_OneInstrument_StopsItsPacketsOnly(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(ticksPerSecond: 100), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank, Reliance], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Instrument == HdfcBank) >= 3, Wait);

        await client.UnsubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);

        // A marker subscribed after the unsubscribe: once its first packet arrives, no HDFC BANK packet may follow.
        await client.SubscribeAsync(FeedMode.Ticker, [Tcs], cancellationToken);
        var marker = await client.WaitForPacketAsync(p => p.Instrument == Tcs, Wait);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Instrument == Reliance && p.Frame > marker.Frame) >= 20, Wait);
        client.Packets.Where(p => p.Frame > marker.Frame).Should().NotContain(p => p.Instrument == HdfcBank);
        simulator.GetSubscriptions(1).Keys.Should().BeEquivalentTo([Reliance, Tcs]);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeSecondMode_SameInstrument_StreamsBothAndUnsubscribeRemovesOnlyThatMode(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(ticksPerSecond: 100), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.SubscribeAsync(FeedMode.Quote, [HdfcBank], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Quote) >= 3 && c.Packets.Count(p => p.Code == FeedResponseCode.Ticker) >= 3, Wait);
        simulator.GetSubscriptions(1).Should().ContainKey(HdfcBank).WhoseValue.Should().Equal(FeedMode.Ticker, FeedMode.Quote);

        // The relay's upgrade: subscribe the richer mode (done above), then unsubscribe the old one.
        await client.UnsubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [Tcs], cancellationToken);
        var marker = await client.WaitForPacketAsync(p => p.Instrument == Tcs, Wait);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Instrument == HdfcBank && p.Frame > marker.Frame) >= 10, Wait);

        client.Packets.Where(p => p.Instrument == HdfcBank && p.Frame > marker.Frame)
            .Should().OnlyContain(p => p.Code == FeedResponseCode.Quote);
        simulator.GetSubscriptions(1)[HdfcBank].Should().Equal(FeedMode.Quote);
        simulator.GetAllSubscriptions().Should().HaveCount(2);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SubscribeAgain_SameMode_IsIdempotent(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(ticksPerSecond: 100), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await simulator.WaitUntilAsync(s => s.Requests.Count == 2, Wait, cancellationToken);

        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Ticker) >= 20, Wait);

        client.Packets.Count(p => p.Code == FeedResponseCode.PrevClose).Should().Be(1);
        simulator.GetSubscriptions(1)[HdfcBank].Should().Equal(FeedMode.Ticker);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Seed_SameSeed_ReproducesThePriceSequenceAndAnotherSeedDoesNot(CancellationToken cancellationToken)
    {
        var first = await LtpSequenceAsync(seed: 7, cancellationToken);
        var second = await LtpSequenceAsync(seed: 7, cancellationToken);
        var other = await LtpSequenceAsync(seed: 8, cancellationToken);

        second.Should().Equal(first);
        other.Should().NotEqual(first);
        first.Distinct().Should().HaveCountGreaterThan(3, "the price walks");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MaxPacketsPerFrame_AboveOne_PacksSeveralPacketsPerFrame(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast(ticksPerSecond: 200);
        options.MaxPacketsPerFrame = 8;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        var keys = Enumerable.Range(1, 30).Select(i => new InstrumentKey(ExchangeSegment.NSE_EQ, (uint)(20_000 + i))).ToList();

        await client.SubscribeAsync(FeedMode.Quote, keys, cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count >= 500, Wait);

        client.Packets.Max(p => p.PacketsInFrame).Should().Be(8);
        client.Packets.Should().OnlyContain(p => p.PacketsInFrame <= 8);
        client.DecodeErrors.Should().BeEmpty();
        client.Packets.Select(p => p.Instrument).Distinct().Should().BeEquivalentTo(keys, "ids outside the sample stream too");
        client.Packets.Where(p => p.Ltp is not null).Should().AllSatisfy(p => AssertOnGrid(p.Ltp!.Value, 0.05m));
        simulator.FramesSent.Should().BeLessThan(simulator.PacketsSent);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HotInstruments_TickFasterThanTheOthers(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast(ticksPerSecond: 10);
        options.HotInstrumentCount = 1;
        options.HotRateMultiplier = 20;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [Reliance], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Instrument == HdfcBank && p.Code == FeedResponseCode.Ticker) >= 200, Wait);

        var cold = client.Packets.Count(p => p.Instrument == Reliance && p.Code == FeedResponseCode.Ticker);
        cold.Should().BeInRange(1, 60, "the first instrument subscribed is hot (20x); the second is not");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Ltt_IsIstWallClockEncodedAsIfUtc_FromTheTimeProvider(CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(2026, 7, 15, 4, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken, time);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await simulator.WaitUntilAsync(s => s.GetSubscriptions(1).Count == 1, Wait, cancellationToken);

        // With a fake clock, the send timer fires only when time moves: step it until the first tick arrives.
        while (client.Packets.All(p => p.Code != FeedResponseCode.Ticker))
        {
            cancellationToken.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(1, cancellationToken);
        }

        var ltt = client.Packets.First(p => p.Code == FeedResponseCode.Ticker).Ltt!.Value;
        DateTimeOffset.FromUnixTimeSeconds(ltt).Should().Be(new DateTimeOffset(2026, 7, 15, 9, 30, 0, TimeSpan.Zero), "09:30 IST read as if it were UTC");
    }

    private static async Task<float[]> LtpSequenceAsync(int seed, CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(seed, ticksPerSecond: 200), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Full, [HdfcBank], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Full) >= 30, Wait);
        return [.. client.Packets.Where(p => p.Code == FeedResponseCode.Full).Take(30).Select(p => p.Ltp!.Value)];
    }

    private static void AssertOnGrid(float price, decimal tick)
    {
        var steps = Math.Round((decimal)price / tick);
        ((float)(double)(steps * tick)).Should().Be(price, $"{price} should be the float32 nearest a multiple of {tick}");
    }
}
