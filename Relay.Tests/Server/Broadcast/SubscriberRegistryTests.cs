using Relay.Core.Contracts;
using Relay.Server.Broadcast;
using Relay.Server.Compat;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Broadcast;

internal sealed class SubscriberRegistryTests
{
    private static readonly InstrumentKey HdfcBank = new(ExchangeSegment.NSE_EQ, 1333);

    [Test]
    public void CompatSubscribers_AfterAddsAndARemove_ListsExactlyTheConnectedOnesAndCountsThem()
    {
        using var meterFactory = new ServerMeterFactory();
        using var metrics = new BroadcastMetrics(meterFactory);
        var registry = new SubscriberRegistry();
        var subscribers = Enumerable.Range(0, 3).Select(_ => new CompatSubscriber(new CompatOutbox(16, 16, metrics))).ToArray();
        foreach (var subscriber in subscribers)
        {
            registry.Add(subscriber).Should().BeTrue();
        }

        registry.Remove(subscribers[0]).Should().BeTrue();
        registry.Remove(subscribers[0]).Should().BeFalse("removing twice is a no-op");

        registry.CompatSubscribers.Should().BeEquivalentTo([subscribers[1], subscribers[2]]);
        registry.CompatCount.Should().Be(2);
        registry.HubSubscribers.Should().BeEmpty();
        registry.HubCount.Should().Be(0);
    }

    [Test]
    public void CompatSubscribers_ReadTwiceWithoutChange_SameSnapshot_NewOneAfterAChange()
    {
        using var meterFactory = new ServerMeterFactory();
        using var metrics = new BroadcastMetrics(meterFactory);
        var registry = new SubscriberRegistry();
        var first = new CompatSubscriber(new CompatOutbox(16, 16, metrics));
        registry.Add(first);

        var snapshot = registry.CompatSubscribers;
        registry.CompatSubscribers.Should().BeSameAs(snapshot, "an unchanged registry is not copied again");
        registry.Join(first, [HdfcBank], FeedMode.Ticker).Should().BeTrue();
        registry.CompatSubscribers.Should().BeSameAs(snapshot, "joining a group does not change who is connected");

        var second = new CompatSubscriber(new CompatOutbox(16, 16, metrics));
        registry.Add(second);

        registry.CompatSubscribers.Should().BeEquivalentTo([first, second]);
        snapshot.Should().Equal(first); // A snapshot already handed out never changes.
    }
}
