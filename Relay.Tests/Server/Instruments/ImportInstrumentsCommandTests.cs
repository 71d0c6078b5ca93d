using Relay.Server.Instruments;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Instruments;

internal sealed class ImportInstrumentsCommandTests
{
    [Test]
    [CancelAfter(15_000)]
    public async Task RunAsync_GoodFile_ImportsAndPrintsASummary(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, initialize: false, cancellationToken: cancellationToken);
        using var output = new StringWriter();

        var code = await ImportInstrumentsCommand.RunAsync(["import-instruments", InstrumentCsvImporterTests.Fixture("bad-rows.csv")], host.Services, output, cancellationToken);

        code.Should().Be(0);
        output.ToString().Should().Contain("skipped line 3: unknown exchange/segment")
            .And.Contain("Imported 3 rows (compact format): 3 new, 0 updated, 0 removed, 8 skipped")
            .And.Contain("holds 3 instruments");
        (await host.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(3);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task RunAsync_UnusableFile_ExitsWithOneAndWritesNothing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, initialize: false, cancellationToken: cancellationToken);
        using var output = new StringWriter();

        var code = await ImportInstrumentsCommand.RunAsync(["import-instruments", InstrumentCsvImporterTests.Fixture("missing-header.csv")], host.Services, output, cancellationToken);

        code.Should().Be(ImportInstrumentsCommand.ImportFailed);
        output.ToString().Should().Contain("SEM_TRADING_SYMBOL").And.Contain("Nothing was imported");
        (await host.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(0);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task RunAsync_MissingFile_ExitsWithOne(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, initialize: false, cancellationToken: cancellationToken);
        using var output = new StringWriter();

        var code = await ImportInstrumentsCommand.RunAsync(["import-instruments", Path.Combine(directory.Path, "nope.csv")], host.Services, output, cancellationToken);

        code.Should().Be(ImportInstrumentsCommand.ImportFailed);
        output.ToString().Should().Contain("file not found");
    }

    [TestCase("")]
    [TestCase("a.csv b.csv")]
    [TestCase("a.csv --force")]
    [CancelAfter(15_000)]
    public async Task RunAsync_BadArguments_PrintsUsageAndExitsWithTwo(string extra, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, initialize: false, cancellationToken: cancellationToken);
        using var output = new StringWriter();
        string[] args = ["import-instruments", .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

        var code = await ImportInstrumentsCommand.RunAsync(args, host.Services, output, cancellationToken);

        code.Should().Be(ImportInstrumentsCommand.UsageError);
        output.ToString().Should().StartWith("usage: import-instruments");
    }
}
