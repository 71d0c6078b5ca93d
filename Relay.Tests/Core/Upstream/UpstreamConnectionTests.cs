using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Tests.Support;
using static Relay.Tests.Support.UpstreamTestFrames;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamConnectionTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey NiftyFut = new(ExchangeSegment.NSE_FNO, 55796);

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_WithCredentials_SendsVersionAuthTypeAndEscapedCredentials(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(credentials: new FeedCredentials("11 22&33", "a+b/c=d&e?f"), cancellationToken: cancellationToken);

        await h.StartAsync(cancellationToken);
        await h.Server.NextSessionAsync(cancellationToken);

        var request = h.Server.Requests.Should().ContainSingle().Subject;
        request.Query.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["version"] = "2",
            ["token"] = "a+b/c=d&e?f",
            ["clientId"] = "11 22&33",
            ["authType"] = "2",
        });
        request.RawQuery.Should().Be("?version=2&token=a%2Bb%2Fc%3Dd%26e%3Ff&clientId=11%2022%2633&authType=2");
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Pool.Status.Source.Should().Be("Dhan");
        h.Listener.Started(0).Should().Be(1);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Receive_FrameWithSeveralPackets_UpdatesStateAndNotifiesSinkPerPacket(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        await h.StartAsync(cancellationToken);
        var session = await h.Server.NextSessionAsync(cancellationToken);

        await session.SendAsync(Frame(PrevClose(Reliance, 2400f), Ticker(Reliance, 2450.5f, 1_700_000_123)), cancellationToken);
        await session.SendAsync(Frame(Quote(NiftyFut, 22000f), OpenInterest(NiftyFut, 123_456)), cancellationToken);
        await session.SendFragmentedAsync(Full(NiftyFut, 22010f), 50, cancellationToken);
        await UpstreamHarness.WaitUntilAsync(() => h.Sink.Count == 5, cancellationToken);

        h.Sink.Updates.Should().Equal(
            (Reliance, MarketUpdateKind.PrevClose),
            (Reliance, MarketUpdateKind.Ticker),
            (NiftyFut, MarketUpdateKind.Quote),
            (NiftyFut, MarketUpdateKind.OpenInterest),
            (NiftyFut, MarketUpdateKind.Full));
        h.Store.TryGet(Reliance, out var reliance).Should().BeTrue();
        reliance.Ltp.Should().Be(2450.5f);
        reliance.Ltt.Should().Be(1_700_000_123u);
        reliance.PrevClose.Should().Be(2400f);
        reliance.ReceivedAt.Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 5_000);
        h.Store.TryGet(NiftyFut, out var fut).Should().BeTrue();
        fut.Ltp.Should().Be(22010f);
        fut.OpenInterest.Should().Be(3000u);
        fut.Depth[4].AskPrice.Should().Be(22014f);
        fut.RichestMode.Should().Be(FeedMode.Full);
        var totals = h.Counters.Snapshot();
        (totals.Ticker, totals.Quote, totals.OpenInterest, totals.PrevClose, totals.Full).Should().Be((1L, 1L, 1L, 1L, 1L));
        totals.LastPacketAt.Should().NotBeNull();
        h.Pool.GetSocketStatuses()[0].Packets.Should().Be(5);
    }
}
