using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class SnapshotRepositoryTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpsertManyAsync_ThenLoadAll_RoundTripsEveryField(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var repository = host.Get<SnapshotRepository>();
        var written = new[]
        {
            StorageFakeMarketStateStore.Sample(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333), 1, 1_760_000_000_123),
            StorageFakeMarketStateStore.Sample(new InstrumentKey(ExchangeSegment.NSE_FNO, 52175), 2, 1_760_000_000_456),
            StorageFakeMarketStateStore.Sample(new InstrumentKey(ExchangeSegment.BSE_CURRENCY, 1), 3, 1_760_000_000_789),
        };

        (await repository.UpsertManyAsync(written, cancellationToken)).Should().Be(3);
        var loaded = await repository.LoadAllAsync(cancellationToken);

        loaded.Should().HaveCount(3);
        foreach (var expected in written)
        {
            AssertSame(loaded.Single(s => s.Instrument == expected.Instrument), expected);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpsertManyAsync_SameInstrumentAgain_ReplacesTheRow(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var repository = host.Get<SnapshotRepository>();
        var key = new InstrumentKey(ExchangeSegment.IDX_I, 13);

        await repository.UpsertManyAsync([StorageFakeMarketStateStore.Sample(key, 1, 1000)], cancellationToken);
        var newer = StorageFakeMarketStateStore.Sample(key, 7, 2000);
        await repository.UpsertManyAsync([newer], cancellationToken);

        (await repository.CountAsync(cancellationToken)).Should().Be(1);
        AssertSame((await repository.LoadAllAsync(cancellationToken)).Single(), newer);
    }

    internal static void AssertSame(MarketSnapshot actual, MarketSnapshot expected)
    {
        actual.Instrument.Should().Be(expected.Instrument);
        actual.Ltp.Should().Be(expected.Ltp);
        actual.Ltq.Should().Be(expected.Ltq);
        actual.Ltt.Should().Be(expected.Ltt);
        actual.Atp.Should().Be(expected.Atp);
        actual.Volume.Should().Be(expected.Volume);
        actual.TotalSellQuantity.Should().Be(expected.TotalSellQuantity);
        actual.TotalBuyQuantity.Should().Be(expected.TotalBuyQuantity);
        actual.Open.Should().Be(expected.Open);
        actual.Close.Should().Be(expected.Close);
        actual.High.Should().Be(expected.High);
        actual.Low.Should().Be(expected.Low);
        actual.OpenInterest.Should().Be(expected.OpenInterest);
        actual.OiDayHigh.Should().Be(expected.OiDayHigh);
        actual.OiDayLow.Should().Be(expected.OiDayLow);
        actual.PrevClose.Should().Be(expected.PrevClose);
        actual.PrevOpenInterest.Should().Be(expected.PrevOpenInterest);
        actual.RichestMode.Should().Be(expected.RichestMode);
        actual.ReceivedAt.Should().Be(expected.ReceivedAt);
        for (var i = 0; i < 5; i++)
        {
            actual.Depth[i].Should().Be(expected.Depth[i], $"depth level {i}");
        }
    }
}
