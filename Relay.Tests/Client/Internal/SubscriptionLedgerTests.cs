using Relay.Client;
using Relay.Client.Internal;
using Relay.Core.Contracts;

namespace Relay.Tests.Client.Internal;

internal sealed class SubscriptionLedgerTests
{
    private static readonly InstrumentKey A = InstrumentKey.Parse("NSE_EQ:1");
    private static readonly InstrumentKey B = InstrumentKey.Parse("NSE_EQ:2");

    [Test]
    public void Add_BeforeAnyConnection_IsPendingAndPlannedOnConnect()
    {
        var ledger = new SubscriptionLedger();
        var added = new List<InstrumentKey>();

        ledger.Add([A, B], FeedMode.Quote, added).Should().BeNull();
        var generation = ledger.BeginConnection();
        var step = ledger.NextStep(generation)!;

        added.Should().Equal(A, B);
        step.ToSubscribe.Should().BeEquivalentTo([new DesiredSubscription(A, FeedMode.Quote), new DesiredSubscription(B, FeedMode.Quote)]);
        step.ToUnsubscribe.Should().BeEmpty();
    }

    [Test]
    public void NextStep_AllApplied_BecomesLiveSoAddsGoDirect()
    {
        var ledger = new SubscriptionLedger();
        ledger.Add([A], FeedMode.Ticker, []);
        var generation = ledger.BeginConnection();
        ledger.RecordResults(generation, [Accepted(A, FeedMode.Ticker)], []);

        ledger.NextStep(generation).Should().BeSameAs(ReconcileStep.Done);
        ledger.Add([B], FeedMode.Ticker, []).Should().Be(generation);
    }

    [Test]
    public void RecordResults_Rejected_IsNoLongerDesired()
    {
        var ledger = new SubscriptionLedger();
        ledger.Add([A], FeedMode.Full, []);
        var generation = ledger.BeginConnection();
        var evicted = new List<InstrumentKey>();

        ledger.RecordResults(generation, [new InstrumentSubscriptionResult(A, FeedMode.Full, SubscriptionStatus.Rejected, null, "no")], evicted);

        ledger.Desired().Should().BeEmpty();
        ledger.IsWanted(A).Should().BeFalse();
        evicted.Should().Equal(A);
        ledger.NextStep(generation)!.IsDone.Should().BeTrue();
    }

    [Test]
    public void RecordResults_FromOldConnection_DoesNotMarkApplied()
    {
        var ledger = new SubscriptionLedger();
        ledger.Add([A], FeedMode.Ticker, []);
        var old = ledger.BeginConnection();
        ledger.EndConnection();
        var current = ledger.BeginConnection();

        ledger.RecordResults(old, [Accepted(A, FeedMode.Ticker)], []);

        ledger.NextStep(old).Should().BeNull();
        ledger.NextStep(current)!.ToSubscribe.Should().ContainSingle();
    }

    [Test]
    public void Remove_AppliedPairWhileReconciling_IsUnsubscribedByNextStep()
    {
        var ledger = new SubscriptionLedger();
        ledger.Add([A, B], FeedMode.Ticker, []);
        var generation = ledger.BeginConnection();
        ledger.RecordResults(generation, [Accepted(A, FeedMode.Ticker), Accepted(B, FeedMode.Ticker)], []);
        var evicted = new List<InstrumentKey>();

        ledger.Remove([A], FeedMode.Ticker, evicted).Should().BeNull("the connection is not live until NextStep says done");
        var step = ledger.NextStep(generation)!;

        step.ToUnsubscribe.Should().Equal(new DesiredSubscription(A, FeedMode.Ticker));
        evicted.Should().Equal(A);
    }

    [Test]
    public void IsWanted_TwoModes_UntilBothRemoved()
    {
        var ledger = new SubscriptionLedger();
        ledger.Add([A], FeedMode.Ticker, []);
        ledger.Add([A], FeedMode.Full, []);
        var evicted = new List<InstrumentKey>();

        ledger.Remove([A], FeedMode.Ticker, evicted);
        ledger.IsWanted(A).Should().BeTrue();
        evicted.Should().BeEmpty();

        ledger.Remove([A], FeedMode.Full, evicted);
        ledger.IsWanted(A).Should().BeFalse();
        evicted.Should().Equal(A);
    }

    private static InstrumentSubscriptionResult Accepted(InstrumentKey key, FeedMode mode) =>
        new(key, mode, SubscriptionStatus.Accepted, new SubscriptionResult { Accepted = true });
}
