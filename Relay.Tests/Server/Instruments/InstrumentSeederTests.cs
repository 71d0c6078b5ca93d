using System.Text;
using Relay.Core.Contracts;
using Relay.Server.Instruments;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Instruments;

internal sealed class InstrumentSeederTests
{
    private static readonly Func<Stream> Sample = () => File.OpenRead(InstrumentCsvImporterTests.Fixture("compact.csv"));

    [Test]
    [CancelAfter(15_000)]
    public async Task InitializeAsync_EmptyMaster_LoadsTheBundledSampleOnce(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        var opened = 0;
        Stream Counting()
        {
            opened++;
            return Sample();
        }

        await using (var host = await StorageTestHost.CreateAsync(directory, seed: Counting, cancellationToken: cancellationToken))
        {
            (await host.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(10);
        }

        await using var restarted = await StorageTestHost.CreateAsync(directory, seed: Counting, cancellationToken: cancellationToken);

        (await restarted.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(10);
        opened.Should().Be(1, "a master that has rows is not seeded again");
        (await restarted.Get<InstrumentSearch>().SearchAsync("reliance", 5, cancellationToken)).Should().NotBeEmpty();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportAsync_AfterSeeding_ReplacesTheSampleRows(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, seed: Sample, cancellationToken: cancellationToken);

        var result = await InstrumentCsvImporterTests.Import(host, "detailed.csv", cancellationToken);

        (result.Inserted, result.Updated, result.Removed, result.TotalInstruments).Should().Be((1L, 3L, 7L, 4L));
        (await host.Get<InstrumentSearch>().ExistsAsync(InstrumentKey.Parse("MCX_COMM:447552"), cancellationToken)).Should().BeFalse();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task InitializeAsync_UnusableSample_StillStarts(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();

        await using var host = await StorageTestHost.CreateAsync(directory, seed: () => new MemoryStream(Encoding.UTF8.GetBytes("not,a,scrip,master\n")), cancellationToken: cancellationToken);

        (await host.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(0);
    }
}
