using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Core.Contracts;
using Relay.Server.Instruments;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Instruments;

internal sealed class InstrumentCsvImporterTests
{
    private const string CompactHeader =
        "SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_EXPIRY_CODE,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_CUSTOM_SYMBOL,SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE,SEM_TICK_SIZE,SEM_EXPIRY_FLAG,SEM_EXCH_INSTRUMENT_TYPE,SEM_SERIES,SM_SYMBOL_NAME";

    public static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Server", "Instruments", "Fixtures", name);

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportFileAsync_CompactFile_MapsEveryField(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var result = await Import(host, "compact.csv", cancellationToken);

        result.Succeeded.Should().BeTrue(result.Error);
        result.Format.Should().Be("compact");
        (result.RowsRead, result.Inserted, result.Updated, result.RowsSkipped).Should().Be((10L, 10L, 0L, 0L));
        var search = host.Get<InstrumentSearch>();

        var option = await search.GetAsync(InstrumentKey.Parse("NSE_FNO:52175"), cancellationToken);
        option.Should().BeEquivalentTo(new Instrument
        {
            Key = InstrumentKey.Parse("NSE_FNO:52175"),
            Symbol = "NIFTY-Dec2026-24000-CE",
            DisplayName = "NIFTY 29 DEC 24000 CALL",
            InstrumentType = "OPTIDX",
            ExchInstrumentType = "OP",
            Series = null,
            LotSize = 75,
            TickSize = 0.05m,
            Expiry = new DateOnly(2026, 12, 29),
            Strike = 24000m,
            OptionType = "CE",
            UnderlyingSecurityId = null,
            UnderlyingSymbol = "NIFTY",
            Isin = null,
            SymbolName = "NIFTY",
            ExpiryFlag = "M",
        });

        var index = await search.GetAsync(InstrumentKey.Parse("IDX_I:13"), cancellationToken);
        index.Should().BeEquivalentTo(new Instrument
        {
            Key = InstrumentKey.Parse("IDX_I:13"),
            Symbol = "NIFTY",
            DisplayName = "Nifty 50",
            InstrumentType = "INDEX",
            ExchInstrumentType = "INDEX",
            Series = "X",
            LotSize = 1,
            TickSize = 0.0005m,
            Expiry = null,
            Strike = null,
            OptionType = null,
            SymbolName = "NIFTY",
        });

        // A quoted display name with a comma and doubled quotes; lot size in quotes; "XX" series is a placeholder.
        var bseFuture = await search.GetAsync(InstrumentKey.Parse("BSE_FNO:846025"), cancellationToken);
        bseFuture!.DisplayName.Should().Be("RELIANCE DEC FUT, \"BSE\"");
        bseFuture.LotSize.Should().Be(500);
        bseFuture.Series.Should().BeNull();
        bseFuture.Strike.Should().BeNull("a future has no strike even though the file says -0.01");
        bseFuture.OptionType.Should().BeNull();
        bseFuture.Expiry.Should().Be(new DateOnly(2026, 12, 24));

        var equity = await search.GetAsync(InstrumentKey.Parse("NSE_EQ:2885"), cancellationToken);
        (equity!.Symbol, equity.TickSize, equity.Series, equity.UnderlyingSymbol, equity.SymbolName).Should().Be(("RELIANCE", 0.1m, "EQ", (string?)null, "RELIANCE INDUSTRIES LTD"));

        var segments = new Dictionary<string, ExchangeSegment>
        {
            ["IDX_I:51"] = ExchangeSegment.IDX_I,
            ["BSE_EQ:500325"] = ExchangeSegment.BSE_EQ,
            ["NSE_FNO:35001"] = ExchangeSegment.NSE_FNO,
            ["NSE_CURRENCY:10093"] = ExchangeSegment.NSE_CURRENCY,
            ["MCX_COMM:447552"] = ExchangeSegment.MCX_COMM,
            ["BSE_CURRENCY:1"] = ExchangeSegment.BSE_CURRENCY,
        };
        foreach (var (key, segment) in segments)
        {
            (await search.GetAsync(InstrumentKey.Parse(key), cancellationToken))!.Key.Segment.Should().Be(segment, key);
        }

        (await search.GetAsync(InstrumentKey.Parse("MCX_COMM:447552"), cancellationToken))!.TickSize.Should().Be(1m);
        (await search.GetAsync(InstrumentKey.Parse("NSE_CURRENCY:10093"), cancellationToken))!.TickSize.Should().Be(0.0025m);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportFileAsync_DetailedFile_MapsEveryField(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var result = await Import(host, "detailed.csv", cancellationToken);

        result.Succeeded.Should().BeTrue(result.Error);
        result.Format.Should().Be("detailed");
        (result.Inserted, result.RowsSkipped).Should().Be((4L, 0L));
        var search = host.Get<InstrumentSearch>();

        var equity = await search.GetAsync(InstrumentKey.Parse("NSE_EQ:2885"), cancellationToken);
        equity.Should().BeEquivalentTo(new Instrument
        {
            Key = InstrumentKey.Parse("NSE_EQ:2885"),
            Symbol = "RELIANCE",
            DisplayName = "Reliance Industries",
            InstrumentType = "EQUITY",
            ExchInstrumentType = "ES",
            Series = "EQ",
            LotSize = 1,
            TickSize = 0.1m,
            Isin = "INE002A01018",
            UnderlyingSymbol = "RELIANCE",
            SymbolName = "RELIANCE INDUSTRIES LTD",
        });

        var put = await search.GetAsync(InstrumentKey.Parse("NSE_FNO:52176"), cancellationToken);
        put.Should().BeEquivalentTo(new Instrument
        {
            Key = InstrumentKey.Parse("NSE_FNO:52176"),
            Symbol = "RELIANCE-Dec2026-1400-PE",
            DisplayName = "RELIANCE 29 DEC 1400 PUT",
            InstrumentType = "OPTSTK",
            ExchInstrumentType = "OP",
            Series = null,
            LotSize = 500,
            TickSize = 0.05m,
            Expiry = new DateOnly(2026, 12, 29),
            Strike = 1400.50m,
            OptionType = "PE",
            UnderlyingSecurityId = 2885,
            UnderlyingSymbol = "RELIANCE",
            Isin = null,
            SymbolName = "RELIANCE-Dec2026-1400-PE",
            ExpiryFlag = "M",
        });

        var index = await search.GetAsync(InstrumentKey.Parse("IDX_I:13"), cancellationToken);
        (index!.Symbol, index.DisplayName, index.UnderlyingSecurityId, index.Expiry).Should().Be(("NIFTY", "Nifty 50", (uint?)13u, (DateOnly?)null));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportFileAsync_MalformedRows_ReportsLineAndReasonAndImportsTheRest(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var result = await Import(host, "bad-rows.csv", cancellationToken);

        result.Succeeded.Should().BeTrue(result.Error);
        (result.RowsRead, result.Inserted, result.RowsSkipped).Should().Be((11L, 3L, 8L));
        result.Errors.Select(e => e.Line).Should().Equal(3, 4, 5, 6, 7, 9, 12, 13);
        result.Errors.Select(e => e.Reason).Should().SatisfyRespectively(
            r => r.Should().Contain("unknown exchange/segment 'NSE'/'X'"),
            r => r.Should().Contain("security id 'abc'"),
            r => r.Should().Contain("lot size '7.5'"),
            r => r.Should().Contain("6 fields").And.Contain("11"),
            r => r.Should().Contain("strike"),
            r => r.Should().Contain("expiry '2026-13-45'"),
            r => r.Should().Contain("security id '0'"),
            r => r.Should().Contain("closing quote"));
        var search = host.Get<InstrumentSearch>();
        (await search.GetAsync(InstrumentKey.Parse("NSE_EQ:1594"), cancellationToken))!.DisplayName.Should().Be("Infosys\nTwo Lines");
        (await search.ExistsAsync(InstrumentKey.Parse("NSE_EQ:1333"), cancellationToken)).Should().BeTrue();
        (await search.ExistsAsync(InstrumentKey.Parse("NSE_EQ:11536"), cancellationToken)).Should().BeTrue();
        (await search.CountAsync(cancellationToken)).Should().Be(3);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportFileAsync_MissingRequiredHeader_WritesNothing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        await Import(host, "compact.csv", cancellationToken);
        var importsBefore = await CountAsync(directory, "instrument_imports", cancellationToken);

        var result = await Import(host, "missing-header.csv", cancellationToken);

        result.Succeeded.Should().BeFalse();
        result.Error.Should().Contain("SEM_TRADING_SYMBOL");
        (await host.Get<InstrumentSearch>().CountAsync(cancellationToken)).Should().Be(10);
        (await CountAsync(directory, "instrument_imports", cancellationToken)).Should().Be(importsBefore);
    }

    [TestCase("")]
    [TestCase("name,price\nRELIANCE,1400\n")]
    [TestCase(CompactHeader + "\n")]
    [TestCase(CompactHeader + "\nNSE,X,1,EQUITY,0,A,1,A,,,,5,,,,\nNSE,E,abc,EQUITY,0,B,1,B,,,,5,,,,\n")]
    [CancelAfter(15_000)]
    public async Task ImportAsync_UnusableFile_FailsAndWritesNothing(string csv, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var result = await host.ImportCsvAsync(csv, cancellationToken);

        result.Succeeded.Should().BeFalse();
        result.Error.Should().NotBeNullOrWhiteSpace();
        (await CountAsync(directory, "instruments", cancellationToken)).Should().Be(0);
        (await CountAsync(directory, "instrument_imports", cancellationToken)).Should().Be(0);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportAsync_SameInstrumentsAgain_UpdatesRowsInPlace(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        await Import(host, "compact.csv", cancellationToken);
        var idBefore = await RowIdAsync(directory, "NSE_EQ", 2885, cancellationToken);
        var csv = CompactHeader + "\n" +
            "NSE,E,2885,EQUITY,0,RELIANCE,1.0,Reliance Industries Renamed,,,,5.0000,NA,ES,BE,RELIANCE INDUSTRIES LTD\n" +
            "NSE,E,11536,EQUITY,0,TCS,1.0,Tata Consultancy,,,,5.0000,NA,ES,EQ,TATA CONSULTANCY\n";

        var result = await host.ImportCsvAsync(csv, cancellationToken);

        (result.Inserted, result.Updated, result.Removed, result.TotalInstruments).Should().Be((1L, 1L, 0L, 11L));
        var reliance = await host.Get<InstrumentSearch>().GetAsync(InstrumentKey.Parse("NSE_EQ:2885"), cancellationToken);
        (reliance!.DisplayName, reliance.Series, reliance.TickSize).Should().Be(("Reliance Industries Renamed", "BE", 0.05m));
        (await RowIdAsync(directory, "NSE_EQ", 2885, cancellationToken)).Should().Be(idBefore);
        var found = await host.Get<InstrumentSearch>().SearchAsync("renamed", 10, cancellationToken);
        found.Should().ContainSingle().Which.Key.Should().Be(InstrumentKey.Parse("NSE_EQ:2885"));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportAsync_Prune_DeletesInstrumentsNotInTheFile(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        await Import(host, "compact.csv", cancellationToken);
        var csv = CompactHeader + "\nNSE,E,2885,EQUITY,0,RELIANCE,1.0,Reliance Industries,,,,5.0000,NA,ES,EQ,RELIANCE\n";

        var result = await host.ImportCsvAsync(csv, cancellationToken, prune: true);

        (result.Inserted, result.Updated, result.Removed, result.TotalInstruments).Should().Be((0L, 1L, 9L, 1L));
        (await host.Get<InstrumentSearch>().SearchAsync("nifty", 10, cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ImportAsync_ManyRows_ReportsProgressInOrder(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var csv = new StringBuilder(CompactHeader).Append('\n');
        for (var i = 1; i <= 25_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"NSE,E,{i},EQUITY,0,SYM{i},1.0,Symbol {i},,,,5.0,NA,ES,EQ,NAME {i}\n");
        }

        var reports = new List<ImportProgress>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));

        var result = await host.Get<InstrumentCsvImporter>().ImportAsync(stream, new InstrumentImportOptions(), new ListProgress(reports), cancellationToken);

        result.Inserted.Should().Be(25_000);
        reports.Should().Equal(
            new ImportProgress(ImportPhase.Reading, 10_000, 0),
            new ImportProgress(ImportPhase.Reading, 20_000, 0),
            new ImportProgress(ImportPhase.Indexing, 25_000, 0),
            new ImportProgress(ImportPhase.Completed, 25_000, 0));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportAsync_Cancelled_WritesNothing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var csv = new StringBuilder(CompactHeader).Append('\n');
        for (var i = 1; i <= 25_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"NSE,E,{i},EQUITY,0,SYM{i},1.0,Symbol {i},,,,5.0,NA,ES,EQ,NAME {i}\n");
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var progress = new CallbackProgress(p =>
        {
            if (p.RowsRead >= 10_000)
            {
                cancel.Cancel();
            }
        });

        var act = () => host.Get<InstrumentCsvImporter>().ImportAsync(stream, new InstrumentImportOptions(), progress, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await CountAsync(directory, "instruments", cancellationToken)).Should().Be(0);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ImportAsync_TickSizesAlreadyInRupees_Warns(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var csv = new StringBuilder(CompactHeader).Append('\n');
        for (var i = 1; i <= 20; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"NSE,E,{i},EQUITY,0,SYM{i},1.0,Symbol {i},,,,0.05,NA,ES,EQ,NAME {i}\n");
        }

        var result = await host.ImportCsvAsync(csv.ToString(), cancellationToken);

        result.Succeeded.Should().BeTrue();
        result.Warnings.Should().ContainSingle().Which.Should().Contain("rupees");
        (await Import(host, "compact.csv", cancellationToken)).Warnings.Should().BeEmpty();
    }

    internal static Task<InstrumentImportResult> Import(StorageTestHost host, string fixture, CancellationToken cancellationToken) =>
        host.Get<InstrumentCsvImporter>().ImportFileAsync(Fixture(fixture), new InstrumentImportOptions(), null, cancellationToken);

    private static async Task<long> CountAsync(StorageTestDirectory directory, string table, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={directory.DatabasePath};Pooling=False");
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: cancellationToken));
    }

    private static async Task<long> RowIdAsync(StorageTestDirectory directory, string segment, long securityId, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={directory.DatabasePath};Pooling=False");
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM instruments WHERE exchange_segment = @segment AND security_id = @securityId",
            new { segment, securityId },
            cancellationToken: cancellationToken));
    }

    private sealed class ListProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => reports.Add(value);
    }

    private sealed class CallbackProgress(Action<ImportProgress> callback) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => callback(value);
    }
}
