using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class SnapshotPersistenceServiceTests
{
    private static readonly InstrumentKey Reliance = new(ExchangeSegment.NSE_EQ, 2885);
    private static readonly InstrumentKey NiftyCall = new(ExchangeSegment.NSE_FNO, 52175);

    [Test]
    [CancelAfter(20_000)]
    public async Task Restart_AfterUpdatesAndStop_RestoresTheLastState(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000));
        var before = new StorageFakeMarketStateStore();
        await using (var host = await CreateHostAsync(directory, time, before, cancellationToken))
        {
            await host.StartAsync(cancellationToken);
            time.Advance(TimeSpan.FromSeconds(1));
            before.Update(StorageFakeMarketStateStore.Sample(Reliance, 1, time.GetUtcNow().ToUnixTimeMilliseconds()));
            before.Update(StorageFakeMarketStateStore.Sample(NiftyCall, 2, time.GetUtcNow().ToUnixTimeMilliseconds()));
            time.Advance(TimeSpan.FromMilliseconds(10));
            before.Update(StorageFakeMarketStateStore.Sample(Reliance, 3, time.GetUtcNow().ToUnixTimeMilliseconds()));
            await host.StopAsync(cancellationToken);
        }

        var after = new StorageFakeMarketStateStore();
        await using var restarted = await CreateHostAsync(directory, time, after, cancellationToken);
        await restarted.StartAsync(cancellationToken);

        after.Snapshots.Should().HaveCount(2);
        SnapshotRepositoryTests.AssertSame(after.Snapshots[Reliance], before.Snapshots[Reliance]);
        SnapshotRepositoryTests.AssertSame(after.Snapshots[NiftyCall], before.Snapshots[NiftyCall]);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task FlushInterval_Elapsed_SavesChangedSnapshotsWhileRunning(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000));
        var store = new StorageFakeMarketStateStore();
        await using var host = await CreateHostAsync(directory, time, store, cancellationToken);
        await host.StartAsync(cancellationToken);
        var repository = host.Get<SnapshotRepository>();

        store.Update(StorageFakeMarketStateStore.Sample(Reliance, 1, time.GetUtcNow().ToUnixTimeMilliseconds()));
        time.Advance(TimeSpan.FromSeconds(5));

        await WaitUntilAsync(async () => await repository.CountAsync(cancellationToken) == 1, cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task FlushAsync_NothingChangedSinceLastFlush_SavesNothing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000));
        var store = new StorageFakeMarketStateStore();
        await using var host = await CreateHostAsync(directory, time, store, cancellationToken);
        var service = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SnapshotPersistenceService>().Single();
        await service.StartAsync(cancellationToken);

        store.Update(StorageFakeMarketStateStore.Sample(Reliance, 1, time.GetUtcNow().ToUnixTimeMilliseconds()));
        (await service.FlushAsync(cancellationToken)).Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(10));
        (await service.FlushAsync(cancellationToken)).Should().Be(0);
        store.Update(StorageFakeMarketStateStore.Sample(NiftyCall, 2, time.GetUtcNow().ToUnixTimeMilliseconds()));
        (await service.FlushAsync(cancellationToken)).Should().Be(1);

        await service.StopAsync(cancellationToken);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task StartAsync_NoStoreRegistered_StartsAndStopsQuietly(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        await host.StartAsync(cancellationToken);
        await host.StopAsync(cancellationToken);

        (await host.Get<SnapshotRepository>().CountAsync(cancellationToken)).Should().Be(0);
    }

    private static Task<StorageTestHost> CreateHostAsync(StorageTestDirectory directory, FakeTimeProvider time, StorageFakeMarketStateStore store, CancellationToken cancellationToken) =>
        StorageTestHost.CreateAsync(
            directory,
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IMarketStateStoreAccess>(store);
            },
            cancellationToken: cancellationToken);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
