using Relay.Client;
using Relay.Core.Contracts;

namespace Relay.Tests.Client;

internal sealed class MarketUpdateStreamTests
{
    private static MarketUpdate Tick(uint id, double ltp) =>
        MarketUpdate.From(new InstrumentKey(ExchangeSegment.NSE_EQ, id), new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), Ltp = ltp });

    [Test]
    [CancelAfter(5_000)]
    public async Task Offer_SameInstrumentTwice_NewestWinsAndIsCounted(CancellationToken cancellationToken)
    {
        var stream = new MarketUpdateStream(null, 10, _ => { });
        stream.Offer(Tick(1, 1));
        stream.Offer(Tick(2, 1));
        stream.Offer(Tick(1, 2));
        stream.Offer(Tick(1, 3));
        stream.Close(discard: false);

        var updates = await stream.ToListAsync(cancellationToken);

        updates.Select(u => (u.Instrument.SecurityId, u.Ltp)).Should().Equal((1u, 3d), (2u, 1d));
        stream.ConflatedCount.Should().Be(2);
        stream.MaxPendingCount.Should().Be(2);
        stream.DeliveredCount.Should().Be(2);
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task Offer_CapacityFull_DropsNewInstrumentAndCountsIt(CancellationToken cancellationToken)
    {
        var stream = new MarketUpdateStream(null, 2, _ => { });
        stream.Offer(Tick(1, 1));
        stream.Offer(Tick(2, 1));
        stream.Offer(Tick(3, 1));
        stream.Offer(Tick(2, 2));
        stream.Close(discard: false);

        var updates = await stream.ToListAsync(cancellationToken);

        updates.Select(u => u.Instrument.SecurityId).Should().Equal(1u, 2u);
        stream.DroppedCount.Should().Be(1);
        stream.ConflatedCount.Should().Be(1);
        stream.PendingCount.Should().Be(0);
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task GetAsyncEnumerator_Twice_Throws(CancellationToken cancellationToken)
    {
        var stream = new MarketUpdateStream(null, 2, _ => { });
        await using var first = stream.GetAsyncEnumerator(cancellationToken);

        var act = () => stream.GetAsyncEnumerator(cancellationToken);

        act.Should().Throw<InvalidOperationException>().WithMessage("*only once*");
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task DisposeAsync_WhileWaiting_EndsEnumerationAndDetaches(CancellationToken cancellationToken)
    {
        var detached = 0;
        var stream = new MarketUpdateStream(null, 2, _ => Interlocked.Increment(ref detached));
        var reader = Task.Run(async () => await stream.CountAsync(cancellationToken), cancellationToken);
        stream.Offer(Tick(1, 1));

        await stream.DisposeAsync();

        (await reader.WaitAsync(cancellationToken)).Should().BeLessThanOrEqualTo(1);
        detached.Should().BeGreaterThan(0);
        stream.Offer(Tick(2, 1));
        stream.PendingCount.Should().Be(0, "a disposed stream takes nothing");
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task Enumeration_Cancelled_ThrowsOperationCanceled(CancellationToken cancellationToken)
    {
        var stream = new MarketUpdateStream(null, 2, _ => { });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(async () => await stream.CountAsync(cancel.Token), cancellationToken);

        await cancel.CancelAsync();

        await reader.Invoking(r => r.WaitAsync(cancellationToken)).Should().ThrowAsync<OperationCanceledException>();
    }
}
