using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

internal sealed partial class UpstreamSynchronizerTests
{
    private static readonly InstrumentKey X = new(ExchangeSegment.NSE_EQ, 1333);

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_TwoClientsOverlapping_OneSubscribePerInstrumentAndUnsubscribeOnlyWhenLastHolderLeaves(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);
        var k = SubscriptionSetTests.Keys(1, 5);

        h.Set.Subscribe("a", k[0..3], FeedMode.Quote);
        h.Set.Subscribe("b", k[1..5], FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Should().ContainSingle().Which.Should().BeEquivalentTo(new RecordedRequest(0, FeedRequestCode.SubscribeQuote, k));

        h.Upstream.ClearRecorded();
        h.Set.Unsubscribe("a", k[0..2], FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Should().ContainSingle().Which.Should().BeEquivalentTo(new RecordedRequest(0, FeedRequestCode.UnsubscribeQuote, [k[0]]));

        h.Upstream.ClearRecorded();
        h.Set.ReleaseConnection("b");
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Should().ContainSingle().Which.Instruments.Should().BeEquivalentTo([k[1], k[3], k[4]]);

        h.Upstream.ClearRecorded();
        h.Set.ReleaseConnection("a");
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Should().ContainSingle().Which.Should().BeEquivalentTo(new RecordedRequest(0, FeedRequestCode.UnsubscribeQuote, [k[2]]));

        h.Upstream.HoldingsOf(0).Should().BeEmpty();
        h.Upstream.RedundantSubscribes.Should().Be(0);
        h.Upstream.RedundantUnsubscribes.Should().Be(0);
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_UpgradeAndDowngrade_EachGoesUpOnceAsSubscribeNewThenUnsubscribeOld(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", [X], FeedMode.Ticker);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ClearRecorded();

        h.Set.Subscribe("b", [X], FeedMode.Full);
        await h.Sync.FlushAsync(cancellationToken);
        h.Set.Subscribe("c", [X], FeedMode.Full);
        await h.Sync.FlushAsync(cancellationToken);
        h.Set.ReleaseConnection("b");
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Select(r => r.Code).Should().Equal(FeedRequestCode.SubscribeFull, FeedRequestCode.UnsubscribeTicker);

        h.Upstream.ClearRecorded();
        h.Set.ReleaseConnection("c");
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.Requests.Select(r => r.Code).Should().Equal(FeedRequestCode.SubscribeTicker, FeedRequestCode.UnsubscribeFull);
        h.Upstream.HoldingsOf(0).Should().Equal(new InstrumentMode(X, FeedMode.Ticker));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_250Instruments_ThreeRequests(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);

        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 250), FeedMode.Full);
        await h.Sync.FlushAsync(cancellationToken);

        h.Upstream.Requests.Select(r => r.Instruments.Count).Should().Equal(100, 100, 50);
        h.Upstream.Requests.Should().OnlyContain(r => r.Code == FeedRequestCode.SubscribeFull);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(10000)]
    public async Task Flush_BeyondOneSocket_PlacedOnTwoSocketsNeverOverCapAndExcessRefused(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(2, 5000);
        await h.ConnectAllAsync(cancellationToken);

        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 6000), FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.HoldingsOf(0).Should().NotBeEmpty();
        h.Upstream.HoldingsOf(1).Should().NotBeEmpty();

        var more = h.Set.Subscribe("b", SubscriptionSetTests.Keys(6001, 4001), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);

        more.Take(4000).Should().OnlyContain(o => o.Accepted);
        more[^1].Should().Be(new SubscribeOutcome(new InstrumentKey(ExchangeSegment.NSE_FNO, 10001), false, "Upstream capacity of 10000 instruments is full (2 socket(s) of 5000)."));
        h.Upstream.HoldingsOf(0).Should().HaveCount(5000);
        h.Upstream.HoldingsOf(1).Should().HaveCount(5000);
        h.Upstream.PeakOf(0).Should().Be(5000);
        h.Upstream.PeakOf(1).Should().Be(5000);
        h.Upstream.Requests.Should().OnlyContain(r => r.Instruments.Count <= 100);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_FullSocketSwapsInstrumentsInOneWindow_UnsubscribesGoFirstAndCapHolds(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 100);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 100), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ClearRecorded();

        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 50), FeedMode.Quote);
        h.Set.Subscribe("b", SubscriptionSetTests.Keys(101, 50), FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        await h.Sync.FlushAsync(cancellationToken);

        h.Upstream.Requests.Select(r => r.Code).Should().Equal(FeedRequestCode.UnsubscribeQuote, FeedRequestCode.SubscribeTicker);
        h.Upstream.PeakOf(0).Should().Be(100);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(10000)]
    public async Task RunLoop_ThousandSubscribesInABurst_AtMostTenRequestsAfterTheWindow(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        var window = TimeSpan.FromMilliseconds(40);
        using var h = new SyncHarness(2, 5000, time, window);
        await h.ConnectAllAsync(cancellationToken);
        await h.Sync.StartAsync(cancellationToken);

        foreach (var key in SubscriptionSetTests.Keys(1, 1000))
        {
            h.Set.Subscribe($"client-{key.SecurityId}", [key], FeedMode.Ticker);
        }

        // Time has not moved: the window is open, so nothing may have gone out yet.
        await SyncHarness.PollAsync(() => h.Upstream.Requests.Count > 0, TimeSpan.FromMilliseconds(100), cancellationToken);
        h.Upstream.Requests.Should().BeEmpty();

        await SyncHarness.AdvanceUntilAsync(time, window, () => h.Upstream.HoldingsOf(0).Count + h.Upstream.HoldingsOf(1).Count == 1000, cancellationToken);
        await h.Sync.StopAsync(cancellationToken);

        h.Upstream.Requests.Should().HaveCountLessThanOrEqualTo(10);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_SubscribeThenUnsubscribeWithinWindow_SendsNothing(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);

        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 300), FeedMode.Full);
        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 300), FeedMode.Full);
        h.Set.Subscribe("b", [X], FeedMode.Quote);
        h.Set.ReleaseConnection("b");
        await h.Sync.FlushAsync(cancellationToken);

        h.Upstream.Requests.Should().BeEmpty();
        h.Sync.Counters.RequestsSent.Should().Be(0);
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_UpgradeThenDowngradeOrDropThenReAddWithinWindow_SendsNothing(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(2, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ClearRecorded();

        h.Set.Subscribe("b", SubscriptionSetTests.Keys(1, 10), FeedMode.Full);
        h.Set.ReleaseConnection("b");
        h.Set.ReleaseConnection("a");
        h.Set.Subscribe("c", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);

        h.Upstream.Requests.Should().BeEmpty();
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Counters_AfterTraffic_CountRequestsAndInstrumentsBothWays(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);

        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 150), FeedMode.Ticker);
        await h.Sync.FlushAsync(cancellationToken);
        h.Set.Subscribe("b", SubscriptionSetTests.Keys(1, 1), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Set.ReleaseConnection("a");
        await h.Sync.FlushAsync(cancellationToken);

        h.Sync.Counters.Should().Be(new SynchronizerCounters(
            RequestsSent: 2 + 2 + 2,
            InstrumentsSubscribed: 150 + 1,
            InstrumentsUnsubscribed: 1 + 149,
            SendFailures: 0,
            Replays: 1,
            Reconciliations: 0,
            Repairs: 0,
            CapacityDeferrals: 0,
            AmbiguousSends: 0));
        h.Sync.GetSocketStates().Should().Equal(new UpstreamSocketState(0, true, 1));
    }

    // The loop may not have armed its timer yet when time is first advanced, so advance in steps until it acts.
}
