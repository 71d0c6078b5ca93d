using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

/// <summary>Sessions, failed sends and reconciliation.</summary>
internal sealed partial class UpstreamSynchronizerTests
{
    [Test]
    [CancelAfter(5000)]
    public async Task OnSessionStartedAsync_AfterRestart_ReplaysExactlyThatSocketsDesiredSet(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(2, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 300), FeedMode.Ticker);
        h.Set.Subscribe("b", SubscriptionSetTests.Keys(1, 120), FeedMode.Full);
        h.Set.Subscribe("c", SubscriptionSetTests.Keys(250, 100), FeedMode.Quote);
        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 40), FeedMode.Ticker);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ClearRecorded();

        await h.RestartAsync(1, cancellationToken);

        var replay = h.Upstream.Requests;
        replay.Should().OnlyContain(r => r.Socket == 1 && r.IsSubscribe && r.Instruments.Count <= 100);
        SyncHarness.Sorted(replay.SelectMany(r => r.Instruments.Select(i => new InstrumentMode(i, r.Mode)))).Should().Equal(SyncHarness.Sorted(h.DesiredOn(1)));
        h.Sync.Counters.Replays.Should().Be(3);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_SenderReturnsFalseThenReconnect_UpstreamEndsWithTheDesiredSet(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);

        // The socket drops before the socket layer tells the synchronizer: sends return false.
        h.Upstream.Disconnect(0);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(11, 5), FeedMode.Full);
        await h.Sync.FlushAsync(cancellationToken);
        h.Sync.Counters.SendFailures.Should().Be(1);
        h.Sync.GetSentState(0).Should().HaveCount(10, "a failed send does not change the sent state");

        // Now it knows; changes while down are not even attempted.
        h.Sync.OnSessionEnded(0);
        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 3), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.NotConnectedSends.Should().Be(1);
        h.Sync.GetSocketStates().Should().Equal(new UpstreamSocketState(0, false, 0));

        h.Upstream.Connect(0);
        await h.Sync.OnSessionStartedAsync(0, cancellationToken);

        h.UpstreamShouldMatchDesired();
        h.Upstream.HoldingsOf(0).Should().HaveCount(12);
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_BeforeAnySession_SendsNothingUntilTheSessionStarts(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 150), FeedMode.Quote);

        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.NotConnectedSends.Should().Be(0);

        await h.ConnectAllAsync(cancellationToken);
        h.Upstream.Requests.Select(r => r.Instruments.Count).Should().Equal(100, 50);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReconcileAsync_InjectedDrift_RepairsAndCountsIt(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        (await h.Sync.ReconcileAsync(cancellationToken)).Should().Be(0);

        // A subscribe lost while the socket stayed up, an unsubscribe whose send threw, an upgrade lost.
        h.Upstream.RefuseNext(1);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(11, 5), FeedMode.Ticker);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ThrowNext(1);
        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 2), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.RefuseNext(1);
        h.Set.Subscribe("b", SubscriptionSetTests.Keys(3, 1), FeedMode.Full);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.HoldingsOf(0).Should().NotBeEquivalentTo(h.DesiredOn(0));

        var repaired = await h.Sync.ReconcileAsync(cancellationToken);

        repaired.Should().Be(5 + 2 + 1);
        h.Sync.Counters.Repairs.Should().Be(8);
        h.UpstreamShouldMatchDesired();
        (await h.Sync.ReconcileAsync(cancellationToken)).Should().Be(0);
        h.Sync.Counters.Reconciliations.Should().Be(3);
        h.Upstream.RedundantSubscribes.Should().Be(0);
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReconcileAsync_ChangesNotYetFlushed_AreNotDriftAndTheFlushSendsThem(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5000);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);

        (await h.Sync.ReconcileAsync(cancellationToken)).Should().Be(0);
        h.Upstream.Requests.Should().BeEmpty();

        await h.Sync.FlushAsync(cancellationToken);
        h.UpstreamShouldMatchDesired();
        h.Sync.Counters.Repairs.Should().Be(0);
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Flush_SentStateDriftedAtCap_HoldsBackNewInstrumentsAndReconcileFreesRoomFirst(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 10);
        await h.ConnectAllAsync(cancellationToken);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.ThrowNext(1);
        h.Set.Unsubscribe("a", SubscriptionSetTests.Keys(1, 5), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);   // the unsubscribe is lost: the upstream still holds 10

        h.Set.Subscribe("b", SubscriptionSetTests.Keys(11, 5), FeedMode.Quote).Should().OnlyContain(o => o.Accepted);
        await h.Sync.FlushAsync(cancellationToken);

        h.Sync.Counters.CapacityDeferrals.Should().Be(5);
        h.Upstream.PeakOf(0).Should().Be(10);
        (await h.Sync.ReconcileAsync(cancellationToken)).Should().Be(10);
        h.Upstream.PeakOf(0).Should().Be(10);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(10000)]
    public async Task RunLoop_ReconcileInterval_RepairsDriftPeriodically(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        var interval = TimeSpan.FromSeconds(30);
        using var h = new SyncHarness(1, 5000, time, TimeSpan.Zero, interval);
        await h.ConnectAllAsync(cancellationToken);
        h.Upstream.RefuseNext(1);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 10), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);
        await h.Sync.StartAsync(cancellationToken);

        await SyncHarness.AdvanceUntilAsync(time, interval, () => h.Sync.Counters.Repairs == 10 && h.Upstream.HoldingsOf(0).Count == 10, cancellationToken);
        await h.Sync.StopAsync(cancellationToken);

        h.UpstreamShouldMatchDesired();
    }

    [Test]
    [CancelAfter(5000)]
    public async Task OnSessionStartedAsync_SubscribeLandedOnNewSessionBeforeItWasAnnounced_UnsubscribedBeforeReplay(CancellationToken cancellationToken)
    {
        using var h = new SyncHarness(1, 5);
        await h.ConnectAllAsync(cancellationToken);
        var stale = new InstrumentKey(ExchangeSegment.NSE_EQ, 99);
        h.Set.Subscribe("a", SubscriptionSetTests.Keys(1, 4), FeedMode.Quote);
        await h.Sync.FlushAsync(cancellationToken);

        // While the subscribe is in flight the socket drops and reconnects; the request lands on the new session.
        h.Set.Subscribe("b", [stale], FeedMode.Full);
        h.Upstream.BeforeNextSend = socket =>
        {
            h.Upstream.Disconnect(socket);
            h.Sync.OnSessionEnded(socket);
            h.Upstream.Connect(socket);
        };
        await h.Sync.FlushAsync(cancellationToken);
        h.Upstream.HoldingsOf(0).Should().Equal(new InstrumentMode(stale, FeedMode.Full));

        h.Set.ReleaseConnection("b");
        h.Set.Subscribe("c", SubscriptionSetTests.Keys(5, 1), FeedMode.Ticker);
        await h.Sync.OnSessionStartedAsync(0, cancellationToken);

        h.Sync.Counters.AmbiguousSends.Should().Be(1);
        h.Upstream.PeakOf(0).Should().Be(5);
        h.UpstreamShouldMatchDesired();
    }

    [Test]
    public void OnSessionEnded_SocketOutOfRange_Throws()
    {
        using var h = new SyncHarness(2, 5000);

        var act = () => h.Sync.OnSessionEnded(2);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
