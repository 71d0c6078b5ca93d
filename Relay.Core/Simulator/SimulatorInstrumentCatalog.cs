using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Core.Simulator;

/// <summary>
/// The simulator's instrument universe, read from a DhanHQ scrip-master CSV by header name (compact <c>SEM_*</c> or
/// detailed names), plus the optional <c>SIM_REFERENCE_PRICE</c> column of the bundled sample. An instrument not in the
/// file gets a synthetic, seeded, id-derived price on a ₹0.05 grid (<see cref="GetOrSynthesize"/>), as DhanHQ streams any valid id.
/// </summary>
internal sealed class SimulatorInstrumentCatalog
{
    /// <summary>The grid of instruments outside the file, in rupees.</summary>
    internal const decimal DefaultTickSize = 0.05m;

    private readonly Dictionary<InstrumentKey, SimulatorInstrument> _instruments;
    private readonly int _seed;

    private SimulatorInstrumentCatalog(Dictionary<InstrumentKey, SimulatorInstrument> instruments, int seed)
    {
        _instruments = instruments;
        _seed = seed;
    }

    /// <summary>Instruments read from the file.</summary>
    public int Count => _instruments.Count;

    /// <summary>Every instrument read from the file.</summary>
    public IEnumerable<SimulatorInstrument> Instruments => _instruments.Values;

    /// <summary>Reads a CSV; rows that cannot be mapped to a segment and id are skipped.</summary>
    /// <param name="csv">The CSV (header first).</param>
    /// <param name="seed">Seed for the synthetic prices of rows without a reference price and of unknown instruments.</param>
    /// <exception cref="InvalidDataException">The header lacks the exchange, segment or security-id column.</exception>
    public static SimulatorInstrumentCatalog Load(Stream csv, int seed)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var reader = new StreamReader(csv, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? throw new InvalidDataException("The instrument CSV is empty.");
        var columns = SplitCsvLine(header);
        int Find(params string[] names)
        {
            foreach (var name in names)
            {
                var index = columns.FindIndex(c => string.Equals(c.Trim(), name, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return index;
                }
            }

            return -1;
        }

        var exchange = Find("SEM_EXM_EXCH_ID", "EXCH_ID");
        var segment = Find("SEM_SEGMENT", "SEGMENT");
        var securityId = Find("SEM_SMST_SECURITY_ID", "SECURITY_ID");
        if (exchange < 0 || segment < 0 || securityId < 0)
        {
            throw new InvalidDataException("The instrument CSV header needs exchange (SEM_EXM_EXCH_ID), segment (SEM_SEGMENT) and security id (SEM_SMST_SECURITY_ID) columns.");
        }

        var tick = Find("SEM_TICK_SIZE", "TICK_SIZE");
        var lot = Find("SEM_LOT_UNITS", "LOT_SIZE");
        var symbol = Find("SEM_TRADING_SYMBOL", "SYMBOL_NAME", "DISPLAY_NAME");
        var reference = Find("SIM_REFERENCE_PRICE");

        var instruments = new Dictionary<InstrumentKey, SimulatorInstrument>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = SplitCsvLine(line);
            string Field(int index) => index >= 0 && index < fields.Count ? fields[index].Trim() : string.Empty;

            if (!TryMapSegment(Field(exchange), Field(segment), out var seg)
                || !TryParseId(Field(securityId), out var id))
            {
                continue;
            }

            var key = new InstrumentKey(seg, id);
            var tickSize = ParseTickSize(Field(tick), seg);
            var lotSize = decimal.TryParse(Field(lot), NumberStyles.Float, CultureInfo.InvariantCulture, out var lots) && lots >= 1 ? (int)Math.Min(lots, 100_000) : 1;
            var price = decimal.TryParse(Field(reference), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0
                ? OnGrid(p, tickSize)
                : SyntheticPrice(seed, key, tickSize);
            instruments[key] = new SimulatorInstrument(key, tickSize, price, lotSize, Field(symbol));
        }

        return new SimulatorInstrumentCatalog(instruments, seed);
    }

    /// <summary>The instrument from the file, or a synthetic one (tick ₹0.05, lot 1, seeded id-derived price).</summary>
    public SimulatorInstrument GetOrSynthesize(InstrumentKey key) =>
        _instruments.TryGetValue(key, out var instrument)
            ? instrument
            : new SimulatorInstrument(key, DefaultTickSize, SyntheticPrice(_seed, key, DefaultTickSize), 1, key.ToString());

    /// <summary>The instrument from the file.</summary>
    public bool TryGet(InstrumentKey key, out SimulatorInstrument instrument) => _instruments.TryGetValue(key, out instrument!);

    /// <summary>A deterministic 32-bit mix of a seed and an instrument (not <see cref="HashCode"/>, which changes per process).</summary>
    internal static int Mix(int seed, InstrumentKey key)
    {
        var x = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ (((ulong)key.Segment << 32) | key.SecurityId);
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return (int)x;
    }

    private static decimal SyntheticPrice(int seed, InstrumentKey key, decimal tickSize)
    {
        var random = new Random(Mix(seed, key));
        var rupees = 50 + random.Next(0, 4950) + (random.Next(0, 100) / 100m);
        return OnGrid(rupees, tickSize);
    }

    private static decimal OnGrid(decimal price, decimal tickSize) => Math.Max(tickSize, Math.Round(price / tickSize, MidpointRounding.AwayFromZero) * tickSize);

    // SEM_TICK_SIZE is in paise (5.0 = ₹0.05; protocol reference §8 #18). Index rows of the live file carry 0.05-style
    // values, so a value below 1 on an index row is read as rupees; anything unusable falls back to ₹0.05.
    private static decimal ParseTickSize(string text, ExchangeSegment segment)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return DefaultTickSize;
        }

        var rupees = segment == ExchangeSegment.IDX_I && value < 1 ? value : value / 100;
        return rupees >= 0.0001m ? rupees : DefaultTickSize;
    }

    private static bool TryParseId(string text, out uint id)
    {
        id = 0;
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= 1 && value <= uint.MaxValue && value == Math.Floor(value)
            && (id = (uint)value) > 0;
    }

    /// <summary>Maps the scrip master's exchange and segment letter to a feed segment (protocol reference §3).</summary>
    internal static bool TryMapSegment(string exchange, string segment, out ExchangeSegment result)
    {
        result = default;
        var letter = segment.Length == 1 ? char.ToUpperInvariant(segment[0]) : segment.ToUpperInvariant() switch
        {
            "INDEX" => 'I',
            "EQUITY" => 'E',
            "DERIVATIVE" or "DERIVATIVES" => 'D',
            "CURRENCY" => 'C',
            "COMMODITY" => 'M',
            _ => '\0',
        };
        if (letter == 'I')
        {
            result = ExchangeSegment.IDX_I;
            return true;
        }

        (var ok, result) = (exchange.ToUpperInvariant(), letter) switch
        {
            ("NSE", 'E') => (true, ExchangeSegment.NSE_EQ),
            ("NSE", 'D') => (true, ExchangeSegment.NSE_FNO),
            ("NSE", 'C') => (true, ExchangeSegment.NSE_CURRENCY),
            ("BSE", 'E') => (true, ExchangeSegment.BSE_EQ),
            ("BSE", 'D') => (true, ExchangeSegment.BSE_FNO),
            ("BSE", 'C') => (true, ExchangeSegment.BSE_CURRENCY),
            ("MCX", 'M' or 'D') => (true, ExchangeSegment.MCX_COMM),
            _ => (false, default(ExchangeSegment)),
        };
        return ok;
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting, no embedded line breaks).</summary>
    internal static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>(20);
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else if (c != '\r')
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
