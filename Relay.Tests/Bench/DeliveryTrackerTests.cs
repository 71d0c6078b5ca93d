using Relay.Bench.Load;

namespace Relay.Tests.Bench;

internal sealed class DeliveryTrackerTests
{
    private string _path = "";
    private SendLedger _ledger = null!;

    [SetUp]
    public void SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), $"relay-tests-{Guid.NewGuid():N}.ledger");
        _ledger = SendLedger.Create(_path, instrumentCount: 4, ringSize: 64);
    }

    [TearDown]
    public void TearDown()
    {
        _ledger.Dispose();
        File.Delete(_path);
    }

    [Test]
    public void OnTick_GapThenMissingTail_CountsConflatedAndLostSeparately()
    {
        Send(1, 2000, window: 0); // warm-up, before the client's first delivery
        for (var price = 2001; price <= 2005; price++)
        {
            Send(1, price, window: 1);
        }

        var tracker = new DeliveryTracker(_ledger, [1, 3], LoadDefaults.FirstSecurityId);
        Deliver(tracker, 1, 2000);
        Deliver(tracker, 1, 2001);
        Deliver(tracker, 1, 2002);
        Deliver(tracker, 1, 2004); // 2003 superseded
        tracker.Finish();          // 2005 never arrived

        var window = tracker.Windows[1];
        window.Expected.Should().Be(5);
        window.Received.Should().Be(3);
        window.Conflated.Should().Be(1);
        window.Lost.Should().Be(1);
        window.Latency.Count.Should().Be(3);
        tracker.Windows[0].Received.Should().Be(1);
        tracker.Complete.Should().BeFalse("instrument 3 never ticked");
    }

    [Test]
    public void OnTick_RepeatedOlderOrForeignPrice_IsCountedAsDuplicateReorderedOrForeign()
    {
        Send(2, 500, window: 1);
        Send(2, 501, window: 1);
        var tracker = new DeliveryTracker(_ledger, [2], LoadDefaults.FirstSecurityId);

        Deliver(tracker, 2, 500).Should().BeTrue("the only instrument arrived");
        Deliver(tracker, 2, 501);
        Deliver(tracker, 2, 501);
        Deliver(tracker, 2, 500);
        Deliver(tracker, 0, 10);
        tracker.Finish();

        tracker.Windows[1].Received.Should().Be(2);
        tracker.Windows[1].Duplicates.Should().Be(1);
        tracker.Windows[1].Reordered.Should().Be(1);
        tracker.Windows[1].Lost.Should().Be(0);
        tracker.Foreign.Should().Be(1);
    }

    private void Send(int index, long ticks, int window)
    {
        _ledger.Window = window;
        _ledger.RecordSend(index, ticks, TimeProvider.System.GetTimestamp());
    }

    private static bool Deliver(DeliveryTracker tracker, int index, long ticks) =>
        tracker.OnTick(LoadDefaults.FirstSecurityId + index, ticks / 20.0, TimeProvider.System.GetTimestamp());
}
