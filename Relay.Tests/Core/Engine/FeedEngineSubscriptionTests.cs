using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>Reference counting, modes and batching as the simulator sees them, through real WebSockets.</summary>
internal sealed class FeedEngineSubscriptionTests
{
    private static readonly InstrumentKey A = EngineHarness.Equity(1333);
    private static readonly InstrumentKey B = EngineHarness.Equity(2885);
    private static readonly InstrumentKey C = EngineHarness.Equity(11536);
    private static readonly InstrumentKey D = EngineHarness.Equity(1594);

    [Test]
    [CancelAfter(30_000)]
    public async Task Subscribe_TwoClientsOverlap_OneSubscribePerInstrumentAndUnsubscribeOnlyWhenLastHolderLeaves(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        engine.Feed.Subscribe("client-1", [A, B, C], FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        engine.Feed.Subscribe("client-2", [B, C, D], FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, A, B, C, D), cancellationToken);

        // client-1 lets go of B: client-2 still holds it, nothing goes up.
        engine.Feed.Unsubscribe("client-1", [B], FeedMode.Ticker);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, A, B, C, D), cancellationToken);

        // client-2 disconnects: B and D have no holder left; C is still client-1's.
        engine.Feed.ReleaseConnection("client-2");
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, A, C), cancellationToken);

        engine.Feed.Unsubscribe("client-1", [A, C], FeedMode.Ticker);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker), cancellationToken);

        var requests = simulator.Requests;
        foreach (var instrument in new[] { A, B, C, D })
        {
            Count(requests, FeedRequestCode.SubscribeTicker, instrument).Should().Be(1, "{0} was first wanted once", instrument);
            Count(requests, FeedRequestCode.UnsubscribeTicker, instrument).Should().Be(1, "{0} lost its last holder once", instrument);
        }

        // B went only when client-2 left, together with D, after client-1 had already let go of it.
        var unsubscribeOfB = requests.Single(r => r.Code == FeedRequestCode.UnsubscribeTicker && r.Instruments.Contains(B));
        unsubscribeOfB.Instruments.Should().BeEquivalentTo([B, D]);
        simulator.Violations.Should().BeEmpty();
        engine.Feed.CountHeldBy("client-1").Should().Be(0);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Subscribe_RicherModeWantedThenGone_UpgradeAndDowngradeGoUpOnceEach(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        engine.Feed.Subscribe("ticker-client", [A, B], FeedMode.Ticker);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, A, B), cancellationToken);

        // Upgrade A: two clients want Quote, a third Full for B.
        engine.Feed.Subscribe("quote-client", [A], FeedMode.Quote);
        engine.Feed.Subscribe("quote-client-2", [A], FeedMode.Quote);
        engine.Feed.Subscribe("full-client", [B], FeedMode.Full);
        await engine.WaitForUpstreamSetAsync(new Dictionary<InstrumentKey, FeedMode> { [A] = FeedMode.Quote, [B] = FeedMode.Full }, cancellationToken);

        // One Quote client leaves: A stays in Quote. Then the other leaves and full-client disconnects: both downgrade.
        engine.Feed.Unsubscribe("quote-client", [A], FeedMode.Quote);
        await engine.WaitForUpstreamSetAsync(new Dictionary<InstrumentKey, FeedMode> { [A] = FeedMode.Quote, [B] = FeedMode.Full }, cancellationToken);
        engine.Feed.ReleaseConnection("quote-client-2");
        engine.Feed.ReleaseConnection("full-client");
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, A, B), cancellationToken);

        var requests = simulator.Requests.ToList();
        Count(requests, FeedRequestCode.SubscribeTicker, A).Should().Be(2, "A was subscribed in Ticker, then downgraded back once");
        Count(requests, FeedRequestCode.SubscribeQuote, A).Should().Be(1, "A was upgraded once");
        Count(requests, FeedRequestCode.UnsubscribeTicker, A).Should().Be(1, "the upgrade released Ticker once");
        Count(requests, FeedRequestCode.UnsubscribeQuote, A).Should().Be(1, "the downgrade released Quote once");
        Count(requests, FeedRequestCode.SubscribeFull, B).Should().Be(1);
        Count(requests, FeedRequestCode.UnsubscribeFull, B).Should().Be(1);
        Count(requests, FeedRequestCode.SubscribeTicker, B).Should().Be(2);
        Count(requests, FeedRequestCode.UnsubscribeTicker, B).Should().Be(1);

        // Data keeps flowing across a mode change: the new mode is subscribed before the old one is released.
        requests.FindIndex(r => r.Code == FeedRequestCode.SubscribeQuote && r.Instruments.Contains(A))
            .Should().BeLessThan(requests.FindIndex(r => r.Code == FeedRequestCode.UnsubscribeTicker && r.Instruments.Contains(A)));
        requests.FindLastIndex(r => r.Code == FeedRequestCode.SubscribeTicker && r.Instruments.Contains(A))
            .Should().BeLessThan(requests.FindIndex(r => r.Code == FeedRequestCode.UnsubscribeQuote && r.Instruments.Contains(A)));

        // Every socket holds exactly one mode per instrument.
        foreach (var socket in simulator.OpenSocketIds)
        {
            simulator.GetSubscriptions(socket).Values.Should().OnlyContain(modes => modes.Length == 1);
        }

        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Subscribe_250Instruments_ThreeRequestsOfAtMost100(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        var instruments = EngineHarness.Equities(250);

        engine.Feed.Subscribe("client", instruments, FeedMode.Quote).Should().HaveCount(250).And.OnlyContain(o => o.Accepted);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Quote, instruments), cancellationToken);

        var subscribes = simulator.Requests.Where(r => r.Code == FeedRequestCode.SubscribeQuote).ToList();
        subscribes.Select(r => r.Instruments.Count).Should().BeEquivalentTo([100, 100, 50]);
        subscribes.Should().OnlyContain(r => r.DeclaredCount == r.Instruments.Count);
        subscribes.SelectMany(r => r.Instruments).Should().BeEquivalentTo(instruments);
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Subscribe_PastTwoFullSockets_SpreadsOverBothAndRefusesTheRestWithAReason(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?>
            {
                ["Relay:Feed:MaxConnections"] = "2",
                ["Relay:Simulator:TicksPerSecondPerInstrument"] = "0.01",
            },
            cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        var first = EngineHarness.Equities(6000);

        engine.Feed.Subscribe("big-client", first, FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, first), cancellationToken);

        simulator.OpenSocketCount.Should().Be(2);
        var perSocket = simulator.OpenSocketIds.Select(id => simulator.GetSubscriptions(id).Count).ToList();
        perSocket.Should().HaveCount(2).And.OnlyContain(count => count > 0 && count <= 5000);
        perSocket.Sum().Should().Be(6000);

        // 4001 more: room for 4000 (2 × 5000 in all), the last one is refused, alone, with a reason.
        var more = EngineHarness.Equities(4001, first: 200_000);
        var outcomes = engine.Feed.Subscribe("other-client", more, FeedMode.Ticker);
        outcomes.Take(4000).Should().OnlyContain(o => o.Accepted && o.Reason == null);
        outcomes[4000].Accepted.Should().BeFalse();
        outcomes[4000].Instrument.Should().Be(more[4000]);
        outcomes[4000].Reason.Should().Contain("capacity").And.Contain("10000");
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, [.. first, .. more.Take(4000)]), cancellationToken);

        simulator.OpenSocketIds.Select(id => simulator.GetSubscriptions(id).Count).Should().Equal(5000, 5000);

        // Both full sockets lost at once: each replays exactly its 5000.
        simulator.DropConnections().Should().Be(2);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 2 && s.OpenSocketIds.All(id => s.GetSubscriptions(id).Count == 5000), EngineHarness.Patience, cancellationToken);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Ticker, [.. first, .. more.Take(4000)]), cancellationToken);
        simulator.Requests.Should().OnlyContain(r => r.Instruments.Count <= 100);
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Subscribe_ThenUnsubscribeWithinTheCoalescingWindow_NothingGoesUp(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?> { ["Relay:Subscriptions:CoalesceWindow"] = "00:00:01" },
            cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        engine.Feed.Subscribe("client", [A, B], FeedMode.Quote);
        engine.Feed.Unsubscribe("client", [A], FeedMode.Quote);
        engine.Feed.Subscribe("client", [C], FeedMode.Ticker);
        engine.Feed.ReleaseConnection("client");
        engine.Feed.Subscribe("late", [D], FeedMode.Full);
        await engine.WaitForUpstreamSetAsync(Modes(FeedMode.Full, D), cancellationToken);

        simulator.Requests.Should().ContainSingle().Which.Instruments.Should().Equal(D);
    }

    internal static Dictionary<InstrumentKey, FeedMode> Modes(FeedMode mode, params IEnumerable<InstrumentKey> instruments) =>
        instruments.ToDictionary(i => i, _ => mode);

    internal static int Count(IEnumerable<SimulatorRequest> requests, FeedRequestCode code, InstrumentKey instrument) =>
        requests.Count(r => r.Code == code && r.Instruments.Contains(instrument));
}
