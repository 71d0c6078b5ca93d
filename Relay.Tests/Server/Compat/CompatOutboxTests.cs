using System.Text;
using Relay.Core.Contracts;
using Relay.Server.Broadcast;
using Relay.Server.Compat;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Compat;

internal sealed class CompatOutboxTests
{
    private ServerMeterFactory _meterFactory = null!;
    private BroadcastMetrics _metrics = null!;

    [SetUp]
    public void SetUp()
    {
        _meterFactory = new ServerMeterFactory();
        _metrics = new BroadcastMetrics(_meterFactory);
    }

    [TearDown]
    public void TearDown()
    {
        _metrics.Dispose();
        _meterFactory.Dispose();
    }

    [Test]
    public void TryEnqueueTicker_SameInstrumentTwice_NewestWinsAndKeepsItsPlace()
    {
        var outbox = new CompatOutbox(maxInstruments: 10, maxControl: 10, _metrics);

        outbox.TryEnqueueTicker(Key(1), Bytes("a1"));
        outbox.TryEnqueueTicker(Key(2), Bytes("b1"));
        outbox.TryEnqueueTicker(Key(1), Bytes("a2"));

        Drain(outbox).Should().Equal("a2", "b1");
        _metrics.Snapshot().Conflated.Should().Be(1);
    }

    [Test]
    public void TryEnqueueTicker_Full_DropsOldestInstrumentAndCountsIt()
    {
        var outbox = new CompatOutbox(maxInstruments: 2, maxControl: 10, _metrics);

        outbox.TryEnqueueTicker(Key(1), Bytes("a"));
        outbox.TryEnqueueTicker(Key(2), Bytes("b"));
        outbox.TryEnqueueTicker(Key(3), Bytes("c"));

        outbox.PendingInstruments.Should().Be(2);
        Drain(outbox).Should().Equal("b", "c");
        _metrics.Snapshot().Dropped[DropReason.CompatTickerOutboxFull].Should().Be(1);
    }

    [Test]
    public void TryEnqueueControl_Full_DropsOldestAndControlGoesBeforeTickers()
    {
        var outbox = new CompatOutbox(maxInstruments: 10, maxControl: 2, _metrics);

        outbox.TryEnqueueTicker(Key(1), Bytes("tick"));
        outbox.TryEnqueueControl(Bytes("c1"));
        outbox.TryEnqueueControl(Bytes("c2"));
        outbox.TryEnqueueControl(Bytes("c3"));

        Drain(outbox).Should().Equal("c2", "c3", "tick");
        _metrics.Snapshot().Dropped[DropReason.CompatControlOutboxFull].Should().Be(1);
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task Complete_PendingTickersAndControl_TickersDroppedControlKeptFurtherRefused(CancellationToken cancellationToken)
    {
        var outbox = new CompatOutbox(maxInstruments: 10, maxControl: 10, _metrics);
        outbox.TryEnqueueTicker(Key(1), Bytes("tick"));
        outbox.TryEnqueueControl(Bytes("bye"));

        outbox.Complete();

        outbox.TryEnqueueControl(Bytes("late")).Should().BeFalse();
        outbox.TryEnqueueTicker(Key(2), Bytes("late")).Should().BeFalse();
        (await outbox.WaitToReadAsync(cancellationToken)).Should().BeFalse();
        Drain(outbox).Should().Equal("bye");
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task WaitToReadAsync_SomethingQueuedLater_Wakes(CancellationToken cancellationToken)
    {
        var outbox = new CompatOutbox(maxInstruments: 10, maxControl: 10, _metrics);
        var waiting = outbox.WaitToReadAsync(cancellationToken).AsTask();
        waiting.IsCompleted.Should().BeFalse();

        outbox.TryEnqueueTicker(Key(1), Bytes("tick"));

        (await waiting).Should().BeTrue();
    }

    private static InstrumentKey Key(uint id) => new(ExchangeSegment.NSE_EQ, id);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static List<string> Drain(CompatOutbox outbox)
    {
        var items = new List<string>();
        while (outbox.TryDequeue(out var payload))
        {
            items.Add(Encoding.UTF8.GetString(payload));
        }

        return items;
    }
}
