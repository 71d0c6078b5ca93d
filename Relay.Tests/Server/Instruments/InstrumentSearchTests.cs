using Relay.Core.Contracts;
using Relay.Server.Instruments;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Instruments;

internal sealed class InstrumentSearchTests
{
    private const string Csv = """
        SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_CUSTOM_SYMBOL,SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE,SEM_TICK_SIZE
        NSE,D,52175,OPTIDX,NIFTY-Dec2026-24000-CE,75,NIFTY 29 DEC 24000 CALL,2026-12-29,24000,CE,5
        NSE,D,52176,OPTIDX,NIFTY-Dec2026-24000-PE,75,NIFTY 29 DEC 24000 PUT,2026-12-29,24000,PE,5
        NSE,D,60001,OPTIDX,NIFTY-Jan2027-24000-CE,75,NIFTY 26 JAN 24000 CALL,2027-01-26,24000,CE,5
        NSE,D,35001,FUTIDX,NIFTY-Dec2026-FUT,75,NIFTY DEC FUT,2026-12-29,,XX,10
        NSE,D,35002,FUTIDX,NIFTY-Jan2027-FUT,75,NIFTY JAN FUT,2027-01-26,,XX,10
        NSE,I,25,INDEX,BANKNIFTY,1,Nifty Bank,,,,5
        NSE,I,27,INDEX,FINNIFTY,1,Nifty Financial Services,,,,5
        NSE,E,10576,EQUITY,NIFTYBEES,1,Nippon India ETF Nifty 50 BeES,,,,1
        NSE,I,13,INDEX,NIFTY,1,Nifty 50,,,,5
        NSE,D,70001,OPTIDX,BANKNIFTY-Dec2026-52000-CE,30,BANKNIFTY 29 DEC 52000 CALL,2026-12-29,52000,CE,5
        NSE,E,11536,EQUITY,TCS,1,Tata Consultancy Services,,,,5
        BSE,E,532540,EQUITY,TCS,1,Tata Consultancy Services,,,,5
        NSE,E,3456,EQUITY,TATAMOTORS,1,Tata Motors,,,,5
        NSE,E,1,EQUITY,M&M,1,Mahindra & Mahindra,,,,5
        """;

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_SingleWord_RanksExactThenPrefixThenContains(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        var found = await fixture.SymbolsAsync("nifty", 20, cancellationToken);

        found.Should().Equal(
            "NIFTY",                      // exact
            "NIFTYBEES",                  // symbol prefix, shortest first
            "NIFTY-Dec2026-FUT",          // same length: nearest expiry first
            "NIFTY-Jan2027-FUT",
            "NIFTY-Dec2026-24000-CE",     // same length and expiry: alphabetical
            "NIFTY-Dec2026-24000-PE",
            "NIFTY-Jan2027-24000-CE",
            "FINNIFTY",                   // contains (display name "Nifty ..."), shortest first
            "BANKNIFTY");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_MultiWord_RequiresEveryWord(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.SymbolsAsync("nifty 24000 ce", 20, cancellationToken)).Should().Equal("NIFTY-Dec2026-24000-CE", "NIFTY-Jan2027-24000-CE");
        (await fixture.SymbolsAsync("NIFTY jan", 20, cancellationToken)).Should().Equal("NIFTY-Jan2027-FUT", "NIFTY-Jan2027-24000-CE");
        (await fixture.SymbolsAsync("24000 put", 20, cancellationToken)).Should().Equal("NIFTY-Dec2026-24000-PE");
        (await fixture.SymbolsAsync("tata cons", 20, cancellationToken)).Should().Equal("TCS", "TCS");
        (await fixture.SymbolsAsync("nifty 99999", 20, cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_PrefixOfSymbol_BeatsMatchInDisplayName(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        // "ta": TATAMOTORS starts with it; TCS only matches through "Tata" in its display name.
        (await fixture.SymbolsAsync("ta", 20, cancellationToken)).Should().Equal("TATAMOTORS", "TCS", "TCS");
        (await fixture.SymbolsAsync("bank", 20, cancellationToken)).Should().Equal("BANKNIFTY", "BANKNIFTY-Dec2026-52000-CE");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_ExactSymbolInTwoSegments_ReturnsNseFirst(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        var found = await fixture.Search.SearchAsync("tcs", 20, cancellationToken);

        found.Select(i => i.Key).Should().Equal(InstrumentKey.Parse("NSE_EQ:11536"), InstrumentKey.Parse("BSE_EQ:532540"));
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_SecurityId_FindsThoseInstrumentsAfterAnExactSymbol(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        // The page names a saved instrument it has never seen in a search by searching its security id.
        (await fixture.Search.SearchAsync("532540", 20, cancellationToken)).Select(i => i.Key).Should().Equal(InstrumentKey.Parse("BSE_EQ:532540"));
        (await fixture.Search.SearchAsync("25", 20, cancellationToken)).Select(i => i.Key).Should().StartWith(InstrumentKey.Parse("IDX_I:25"));
        (await fixture.SymbolsAsync("24000", 20, cancellationToken)).Should().Equal(
            "NIFTY-Dec2026-24000-CE", "NIFTY-Dec2026-24000-PE", "NIFTY-Jan2027-24000-CE");
        (await fixture.SymbolsAsync("0", 20, cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_SymbolWithPunctuation_MatchesExactly(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.SymbolsAsync("m&m", 20, cancellationToken)).Should().StartWith("M&M");
    }

    [TestCase("\"")]
    [TestCase("nifty\"")]
    [TestCase("\"nifty")]
    [TestCase("NEAR(nifty tcs)")]
    [TestCase("nifty OR tcs")]
    [TestCase("nifty AND NOT tcs")]
    [TestCase("symbol:nifty")]
    [TestCase("{symbol display_name}: x")]
    [TestCase("^nifty")]
    [TestCase("*")]
    [TestCase("nif*")]
    [TestCase("(((")]
    [TestCase("-")]
    [TestCase("+ - : ^ * \" ( ) { }")]
    [TestCase("' OR 1=1 --")]
    [TestCase("\u0000")]
    [TestCase("ниfty 日本")]
    [CancelAfter(15_000)]
    public async Task SearchAsync_FtsSyntaxInTheText_NeverThrows(string q, CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        var act = () => fixture.Search.SearchAsync(q, 20, cancellationToken);

        await act.Should().NotThrowAsync();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task SearchAsync_OperatorWords_AreSearchedAsText(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.SymbolsAsync("nifty OR tcs", 20, cancellationToken)).Should().BeEmpty("every word must match, 'OR' included");
        (await fixture.SymbolsAsync("nif*", 20, cancellationToken)).Take(2).Should().Equal("NIFTY", "NIFTYBEES");
    }

    [TestCase(0, 1)]
    [TestCase(-5, 1)]
    [TestCase(3, 3)]
    [TestCase(1000, 9)]
    [CancelAfter(15_000)]
    public async Task SearchAsync_Limit_IsClamped(int limit, int expected, CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.Search.SearchAsync("nifty", limit, cancellationToken)).Should().HaveCount(expected);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [CancelAfter(15_000)]
    public async Task SearchAsync_BlankText_FindsNothing(string? q, CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.Search.SearchAsync(q, 20, cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task GetAsync_UnknownKey_ReturnsNullAndExistsIsFalse(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);

        (await fixture.Search.GetAsync(InstrumentKey.Parse("NSE_EQ:999999"), cancellationToken)).Should().BeNull();
        (await fixture.Search.ExistsAsync(InstrumentKey.Parse("NSE_EQ:999999"), cancellationToken)).Should().BeFalse();
        (await fixture.Search.ExistsAsync(InstrumentKey.Parse("NSE_EQ:11536"), cancellationToken)).Should().BeTrue();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task GetAsync_AfterImportChangesTheRow_ReturnsTheNewValues(CancellationToken cancellationToken)
    {
        await using var fixture = await Fixture.CreateAsync(cancellationToken);
        var key = InstrumentKey.Parse("NSE_FNO:52175");
        (await fixture.Search.GetAsync(key, cancellationToken))!.LotSize.Should().Be(75);

        await fixture.Host.ImportCsvAsync(
            "SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE\n" +
            "NSE,D,52175,OPTIDX,NIFTY-Dec2026-24000-CE,65,2026-12-29,24000,CE\n",
            cancellationToken);

        (await fixture.Search.GetAsync(key, cancellationToken))!.LotSize.Should().Be(65, "an import clears the lookup cache");
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly StorageTestDirectory _directory;

        private Fixture(StorageTestDirectory directory, StorageTestHost host)
        {
            _directory = directory;
            Host = host;
        }

        public StorageTestHost Host { get; }

        public InstrumentSearch Search => Host.Get<InstrumentSearch>();

        public static async Task<Fixture> CreateAsync(CancellationToken cancellationToken)
        {
            var directory = new StorageTestDirectory();
            var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
            var result = await host.ImportCsvAsync(Csv, cancellationToken);
            result.Succeeded.Should().BeTrue(result.Error);
            result.RowsSkipped.Should().Be(0, string.Join("; ", result.Errors));
            return new Fixture(directory, host);
        }

        public async Task<IReadOnlyList<string>> SymbolsAsync(string q, int limit, CancellationToken cancellationToken) =>
            (await Search.SearchAsync(q, limit, cancellationToken)).Select(i => i.Symbol).ToList();

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            _directory.Dispose();
        }
    }
}
