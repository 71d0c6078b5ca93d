using Relay.Core.Contracts;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

internal sealed class SubscriptionSetTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey Nifty = new(ExchangeSegment.IDX_I, 13);

    [Test]
    public void Subscribe_NewInstrument_AcceptedAndPlacedInItsMode()
    {
        var set = new SubscriptionSet(1, 5000);

        var outcomes = set.Subscribe("a", [Reliance], FeedMode.Quote);

        outcomes.Should().Equal(new SubscribeOutcome(Reliance, true, null));
        set.TryGetInstrument(Reliance, out var held).Should().BeTrue();
        held.Should().Be(new InstrumentSubscription(Reliance, FeedMode.Quote, 0, 0, 1, 0));
        set.CountHeldBy("a").Should().Be(1);
    }

    [Test]
    public void Subscribe_SameInstrumentSameModeTwice_HoldsOneReference()
    {
        var set = new SubscriptionSet(1, 5000);

        set.Subscribe("a", [Reliance, Reliance], FeedMode.Ticker).Should().ContainSingle();
        set.Subscribe("a", [Reliance], FeedMode.Ticker).Single().Accepted.Should().BeTrue();
        set.TryGetInstrument(Reliance, out var held);
        held.References.Should().Be(1);

        set.Unsubscribe("a", [Reliance], FeedMode.Ticker);
        set.TryGetInstrument(Reliance, out _).Should().BeFalse("one unsubscribe releases the single reference");
    }

    [Test]
    public void Subscribe_TwoModesFromOneConnection_CountsTwoReferencesButOneInstrument()
    {
        var set = new SubscriptionSet(1, 5000);

        set.Subscribe("a", [Reliance], FeedMode.Ticker);
        set.Subscribe("a", [Reliance], FeedMode.Full);

        set.CountHeldBy("a").Should().Be(1);
        set.GetHeldBy("a").Should().BeEquivalentTo([new InstrumentMode(Reliance, FeedMode.Ticker), new InstrumentMode(Reliance, FeedMode.Full)]);
        set.TryGetInstrument(Reliance, out var held);
        held.Mode.Should().Be(FeedMode.Full);
        held.References.Should().Be(2);
    }

    [Test]
    public void Unsubscribe_NotHeldOrOtherMode_IsIgnored()
    {
        var set = new SubscriptionSet(1, 5000);
        set.Subscribe("a", [Reliance], FeedMode.Quote);

        set.Unsubscribe("a", [Nifty], FeedMode.Quote);
        set.Unsubscribe("a", [Reliance], FeedMode.Full);
        set.Unsubscribe("nobody", [Reliance], FeedMode.Quote);
        set.ReleaseConnection("nobody");

        set.TryGetInstrument(Reliance, out var held).Should().BeTrue();
        held.References.Should().Be(1);
        set.DrainPendingChanges().Should().ContainSingle("only the first subscribe was a transition");
    }

    [Test]
    public void Mode_RicherHolderArrivesThenLeaves_UpgradesThenDowngradesToNextRichest()
    {
        var set = new SubscriptionSet(1, 5000);
        set.Subscribe("a", [Reliance], FeedMode.Ticker);
        set.Subscribe("b", [Reliance], FeedMode.Quote);
        set.Subscribe("c", [Reliance], FeedMode.Full);
        set.TryGetInstrument(Reliance, out var held);
        held.Mode.Should().Be(FeedMode.Full);

        set.ReleaseConnection("c");
        set.TryGetInstrument(Reliance, out held);
        held.Mode.Should().Be(FeedMode.Quote);

        set.Unsubscribe("b", [Reliance], FeedMode.Quote);
        set.TryGetInstrument(Reliance, out held);
        held.Mode.Should().Be(FeedMode.Ticker);
    }

    [Test]
    public void Changed_OnlyTransitions_RaiseIt()
    {
        var set = new SubscriptionSet(1, 5000);
        var raised = 0;
        set.Changed += () => raised++;

        set.Subscribe("a", [Reliance], FeedMode.Full);       // 0 → 1: transition
        set.Subscribe("b", [Reliance], FeedMode.Quote);      // lighter mode: no transition
        set.Subscribe("a", [Reliance], FeedMode.Full);       // idempotent
        set.Unsubscribe("b", [Reliance], FeedMode.Quote);    // not the richest: no transition
        raised.Should().Be(1);

        set.Subscribe("b", [Reliance], FeedMode.Quote);
        set.ReleaseConnection("a");                          // downgrade Full → Quote: transition
        raised.Should().Be(2);
    }

    [Test]
    public void DrainPendingChanges_AfterTransitions_ReportsEachInstrumentOnceWithItsCurrentPlacement()
    {
        var set = new SubscriptionSet(1, 5000);
        set.Subscribe("a", [Reliance, Nifty], FeedMode.Ticker);
        set.Subscribe("b", [Reliance], FeedMode.Full);
        set.Unsubscribe("a", [Nifty], FeedMode.Ticker);

        var changes = set.DrainPendingChanges();

        changes.Should().BeEquivalentTo(
        [
            new DesiredPlacement(Reliance, 0, FeedMode.Full),
            new DesiredPlacement(Nifty, SubscriptionSet.NoSocket, default),
        ]);
        set.DrainPendingChanges().Should().BeEmpty();
    }

    [Test]
    public void Subscribe_BeyondTotalCapacity_RefusesOnlyTheNewInstrumentsWithReason()
    {
        var set = new SubscriptionSet(2, 3);
        var keys = Keys(1, 8);

        var outcomes = set.Subscribe("a", keys, FeedMode.Ticker);

        outcomes.Select(o => o.Instrument).Should().Equal(keys);
        outcomes.Take(6).Should().OnlyContain(o => o.Accepted && o.Reason == null);
        outcomes.Skip(6).Should().OnlyContain(o => !o.Accepted && o.Reason == "Upstream capacity of 6 instruments is full (2 socket(s) of 3).");
        set.Refusals.Should().Be(2);
        set.CountHeldBy("a").Should().Be(6);
        set.GetSocketUsage().Should().Equal(new SocketUsage(0, 3, 0), new SocketUsage(1, 3, 0));

        // An instrument already held needs no room: another connection, even in a richer mode, is accepted.
        set.Subscribe("b", [keys[0]], FeedMode.Full).Single().Accepted.Should().BeTrue();

        // Room freed by a release is usable again.
        set.Unsubscribe("a", [keys[5]], FeedMode.Ticker);
        set.Subscribe("b", [keys[6]], FeedMode.Quote).Single().Accepted.Should().BeTrue();
    }

    [Test]
    public void Subscribe_6000On2SocketsOf5000_SpreadsWithNoSocketOverCap()
    {
        var set = new SubscriptionSet(2, 5000);

        var outcomes = set.Subscribe("a", Keys(1, 6000), FeedMode.Quote);

        outcomes.Should().OnlyContain(o => o.Accepted);
        set.GetSocketUsage().Should().Equal(new SocketUsage(0, 3000, 2000), new SocketUsage(1, 3000, 2000));
    }

    [Test]
    public void Subscribe_FirstFit_FillsSocketZeroFirst()
    {
        var set = new SubscriptionSet(2, 5000, SocketPlacement.FirstFit);

        set.Subscribe("a", Keys(1, 6000), FeedMode.Quote);

        set.GetSocketUsage().Should().Equal(new SocketUsage(0, 5000, 0), new SocketUsage(1, 1000, 4000));
    }

    [Test]
    public void Subscribe_DroppedAndWantedAgainBeforeDrain_ReturnsToItsPreviousSocket()
    {
        var set = new SubscriptionSet(2, 10);
        set.Subscribe("a", [Reliance], FeedMode.Ticker);        // socket 0
        set.DrainPendingChanges();
        set.Subscribe("a", [Nifty], FeedMode.Ticker);           // socket 1 (most free room)

        set.ReleaseConnection("a");
        set.Subscribe("b", [Reliance], FeedMode.Ticker);        // both sockets empty: goes back to 0 where the upstream has it

        set.TryGetInstrument(Reliance, out var held);
        held.Socket.Should().Be(0);
        set.DrainPendingChanges().Should().Contain(new DesiredPlacement(Reliance, 0, FeedMode.Ticker));
    }

    [Test]
    public void ReleaseConnection_ReleasesEverythingItHeldButNotOthersReferences()
    {
        var set = new SubscriptionSet(1, 5000);
        set.Subscribe("a", [Reliance, Nifty], FeedMode.Full);
        set.Subscribe("a", [Reliance], FeedMode.Ticker);
        set.Subscribe("b", [Reliance], FeedMode.Quote);

        set.ReleaseConnection("a");

        set.CountHeldBy("a").Should().Be(0);
        set.GetHeldBy("a").Should().BeEmpty();
        set.ConnectionCount.Should().Be(1);
        set.GetInstruments().Should().Equal(new InstrumentSubscription(Reliance, FeedMode.Quote, 0, 0, 1, 0));
    }

    [Test]
    public void CountByMode_InstrumentsHeldInSeveralModes_CountsEachOnceInTheRichest()
    {
        var set = new SubscriptionSet(1, 5000);
        var hdfc = new InstrumentKey(ExchangeSegment.NSE_EQ, 1333);
        set.Subscribe("a", [Reliance, Nifty, hdfc], FeedMode.Ticker);
        set.Subscribe("b", [Reliance], FeedMode.Full);
        set.Subscribe("c", [Nifty], FeedMode.Quote);

        set.CountByMode().Should().Be((1, 1, 1));

        set.ReleaseConnection("b");
        set.CountByMode().Should().Be((2, 1, 0));
    }

    [TestCase(0, 5000)]
    [TestCase(6, 5000)]
    [TestCase(1, 0)]
    [TestCase(1, 5001)]
    public void Constructor_LimitsBeyondDhan_Throw(int sockets, int perSocket)
    {
        var act = () => new SubscriptionSet(sockets, perSocket);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Subscribe_UndefinedMode_Throws()
    {
        var set = new SubscriptionSet(1, 5000);

        var act = () => set.Subscribe("a", [Reliance], (FeedMode)7);

        act.Should().Throw<ArgumentOutOfRangeException>();
        set.InstrumentCount.Should().Be(0);
    }

    internal static InstrumentKey[] Keys(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => new InstrumentKey(ExchangeSegment.NSE_FNO, (uint)i))];
}
