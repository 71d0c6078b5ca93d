using System.Text;
using Relay.Core.Contracts;
using Relay.Core.Instruments;
using Relay.Core.Simulator;

namespace Relay.Tests.Core.Simulator;

internal sealed class SimulatorInstrumentCatalogTests
{
    private const string CompactHeader =
        "SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_EXPIRY_CODE,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_CUSTOM_SYMBOL,"
        + "SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE,SEM_TICK_SIZE,SEM_EXPIRY_FLAG,SEM_EXCH_INSTRUMENT_TYPE,SEM_SERIES,SM_SYMBOL_NAME";

    [Test]
    public void BundledCsv_Header_IsDhanCompactFormatPlusReferencePrice()
    {
        using var reader = new StreamReader(BundledInstruments.OpenCsv());

        reader.ReadLine().Should().Be(CompactHeader + ",SIM_REFERENCE_PRICE");
    }

    [Test]
    public void BundledCsv_Content_HasNifty50OnNseAndBseIndicesAndDerivatives()
    {
        var catalog = LoadBundled();
        var all = catalog.Instruments.ToList();

        all.Count(i => i.Key.Segment == ExchangeSegment.NSE_EQ).Should().Be(50);
        all.Count(i => i.Key.Segment == ExchangeSegment.BSE_EQ).Should().Be(50);
        all.Where(i => i.Key.Segment == ExchangeSegment.IDX_I).Select(i => i.Key.SecurityId).Should().BeEquivalentTo([13u, 25u, 27u, 21u, 51u, 69u]);
        all.Where(i => i.Key.Segment == ExchangeSegment.NSE_FNO).Should().HaveCountGreaterThanOrEqualTo(8)
            .And.OnlyContain(i => i.LotSize > 1);
        all.Should().OnlyContain(i => i.ReferencePrice > 0 && i.ReferencePrice % i.TickSize == 0, "reference prices lie on the tick grid");
    }

    [TestCase(ExchangeSegment.NSE_EQ, 1333u, "HDFCBANK", "0.05")]
    [TestCase(ExchangeSegment.NSE_EQ, 2885u, "RELIANCE", "0.10")]
    [TestCase(ExchangeSegment.NSE_EQ, 11536u, "TCS", "0.05")]
    [TestCase(ExchangeSegment.NSE_EQ, 1594u, "INFY", "0.05")]
    [TestCase(ExchangeSegment.NSE_EQ, 4963u, "ICICIBANK", "0.05")]
    [TestCase(ExchangeSegment.NSE_EQ, 3045u, "SBIN", "0.05")]
    [TestCase(ExchangeSegment.NSE_EQ, 1660u, "ITC", "0.05")]
    [TestCase(ExchangeSegment.BSE_EQ, 500325u, "RELIANCE", "0.05")]
    [TestCase(ExchangeSegment.BSE_EQ, 500180u, "HDFCBANK", "0.05")]
    [TestCase(ExchangeSegment.BSE_EQ, 532540u, "TCS", "0.05")]
    [TestCase(ExchangeSegment.IDX_I, 13u, "NIFTY", "0.05")]
    [TestCase(ExchangeSegment.IDX_I, 25u, "BANKNIFTY", "0.05")]
    [TestCase(ExchangeSegment.IDX_I, 51u, "SENSEX", "0.05")]
    [TestCase(ExchangeSegment.NSE_FNO, 62331u, "NIFTY-Dec2026-FUT", "0.10")]
    public void BundledCsv_KnownInstrument_HasItsDhanIdSymbolAndTickInRupees(ExchangeSegment segment, uint id, string symbol, string tick)
    {
        LoadBundled().TryGet(new InstrumentKey(segment, id), out var instrument).Should().BeTrue();

        instrument.Symbol.Should().Be(symbol);
        instrument.TickSize.Should().Be(decimal.Parse(tick, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void GetOrSynthesize_UnknownInstrument_SeededPriceOnTheDefaultGrid()
    {
        var key = new InstrumentKey(ExchangeSegment.NSE_FNO, 987_654);
        var first = LoadBundled(seed: 1).GetOrSynthesize(key);
        var again = LoadBundled(seed: 1).GetOrSynthesize(key);
        var otherSeed = LoadBundled(seed: 2).GetOrSynthesize(key);

        first.TickSize.Should().Be(0.05m);
        first.LotSize.Should().Be(1);
        first.ReferencePrice.Should().BeInRange(50m, 5_000m);
        (first.ReferencePrice % 0.05m).Should().Be(0);
        again.ReferencePrice.Should().Be(first.ReferencePrice);
        otherSeed.ReferencePrice.Should().NotBe(first.ReferencePrice);
    }

    [Test]
    public void Load_DetailedHeaderAndQuotedFields_MapsSegmentsByHeaderName()
    {
        const string csv = "SECURITY_ID,EXCH_ID,SEGMENT,DISPLAY_NAME,LOT_SIZE,TICK_SIZE\n"
            + "1333,NSE,E,\"HDFC Bank, Ltd\",1,5.0\n"
            + "55795,NSE,D,NIFTY 24500 CE,75,5.0\n"
            + "500325,BSE,E,Reliance,1,1.0\n"
            + "13,NSE,I,Nifty 50,1,0.0500\n"
            + "440,MCX,M,GOLD FUT,1,100.0\n"
            + "10093,NSE,C,USDINR,1000,0.25\n"
            + "7,XYZ,E,Unknown exchange,1,5.0\n"
            + "abc,NSE,E,Bad id,1,5.0\n";

        var catalog = SimulatorInstrumentCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), seed: 1);

        catalog.Count.Should().Be(6);
        catalog.TryGet(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333), out var hdfc).Should().BeTrue();
        hdfc.Symbol.Should().Be("HDFC Bank, Ltd");
        catalog.TryGet(new InstrumentKey(ExchangeSegment.NSE_FNO, 55795), out var option).Should().BeTrue();
        option.LotSize.Should().Be(75);
        catalog.TryGet(new InstrumentKey(ExchangeSegment.BSE_EQ, 500325), out var bse).Should().BeTrue();
        bse.TickSize.Should().Be(0.01m);
        catalog.TryGet(new InstrumentKey(ExchangeSegment.IDX_I, 13), out var index).Should().BeTrue();
        index.TickSize.Should().Be(0.05m, "index rows of the live file carry rupees (0.0500), not paise");
        catalog.TryGet(new InstrumentKey(ExchangeSegment.MCX_COMM, 440), out var gold).Should().BeTrue();
        gold.TickSize.Should().Be(1m);
        catalog.TryGet(new InstrumentKey(ExchangeSegment.NSE_CURRENCY, 10093), out var usdinr).Should().BeTrue();
        usdinr.TickSize.Should().Be(0.0025m);
    }

    [Test]
    public void Load_HeaderWithoutSecurityId_ThrowsInvalidData()
    {
        var load = () => SimulatorInstrumentCatalog.Load(new MemoryStream("SEM_EXM_EXCH_ID,SEM_SEGMENT\nNSE,E\n"u8.ToArray()), seed: 1);

        load.Should().Throw<InvalidDataException>().WithMessage("*security id*");
    }

    private static SimulatorInstrumentCatalog LoadBundled(int seed = 42)
    {
        using var csv = BundledInstruments.OpenCsv();
        return SimulatorInstrumentCatalog.Load(csv, seed);
    }
}
