using System.Diagnostics.CodeAnalysis;

namespace Relay.Server.Instruments;

/// <summary>
/// Where each concept sits in a DhanHQ scrip-master CSV, found by header name (never by position; unknown
/// columns are ignored). Two column sets exist (protocol reference §6.5): the compact file
/// (<c>SEM_*</c> names) and the detailed file (<c>EXCH_ID</c>, <c>SECURITY_ID</c>, ...).
/// </summary>
internal sealed class ScripMasterLayout
{
    /// <summary>Column index meaning "not in this file".</summary>
    public const int Absent = -1;

    private ScripMasterLayout(string format, int columnCount, Dictionary<string, int> columns, bool detailed)
    {
        Format = format;
        IsDetailed = detailed;
        ColumnCount = columnCount;
        int Find(string compactName, string detailedName) =>
            columns.TryGetValue(detailed ? detailedName : compactName, out var index) ? index : Absent;

        Exchange = Find("SEM_EXM_EXCH_ID", "EXCH_ID");
        Segment = Find("SEM_SEGMENT", "SEGMENT");
        SecurityId = Find("SEM_SMST_SECURITY_ID", "SECURITY_ID");
        Instrument = Find("SEM_INSTRUMENT_NAME", "INSTRUMENT");
        Symbol = Find("SEM_TRADING_SYMBOL", "SYMBOL_NAME");
        DisplayName = Find("SEM_CUSTOM_SYMBOL", "DISPLAY_NAME");
        SymbolName = Find("SM_SYMBOL_NAME", "SYMBOL_NAME");
        ExchInstrumentType = Find("SEM_EXCH_INSTRUMENT_TYPE", "INSTRUMENT_TYPE");
        Series = Find("SEM_SERIES", "SERIES");
        LotSize = Find("SEM_LOT_UNITS", "LOT_SIZE");
        TickSize = Find("SEM_TICK_SIZE", "TICK_SIZE");
        Expiry = Find("SEM_EXPIRY_DATE", "SM_EXPIRY_DATE");
        Strike = Find("SEM_STRIKE_PRICE", "STRIKE_PRICE");
        OptionType = Find("SEM_OPTION_TYPE", "OPTION_TYPE");
        ExpiryFlag = Find("SEM_EXPIRY_FLAG", "EXPIRY_FLAG");
        UnderlyingSecurityId = detailed ? Find("", "UNDERLYING_SECURITY_ID") : Absent;
        UnderlyingSymbol = detailed ? Find("", "UNDERLYING_SYMBOL") : Absent;
        Isin = detailed ? Find("", "ISIN") : Absent;

        KeepColumns = new bool[columnCount];
        foreach (var index in new[]
        {
            Exchange, Segment, SecurityId, Instrument, Symbol, DisplayName, SymbolName, ExchInstrumentType, Series, LotSize,
            TickSize, Expiry, Strike, OptionType, ExpiryFlag, UnderlyingSecurityId, UnderlyingSymbol, Isin,
        })
        {
            if (index != Absent)
            {
                KeepColumns[index] = true;
            }
        }
    }

    /// <summary><c>compact</c> or <c>detailed</c>.</summary>
    public string Format { get; }

    /// <summary>True for the detailed column set.</summary>
    public bool IsDetailed { get; }

    /// <summary>How many columns the header has; every record must have as many.</summary>
    public int ColumnCount { get; }

    /// <summary>Which columns the importer reads (for <see cref="CsvRecordReader.KeepColumns"/>).</summary>
    public bool[] KeepColumns { get; }

    /// <summary>NSE / BSE / MCX.</summary>
    public int Exchange { get; }

    /// <summary>Segment letter: E, D, C, M, I.</summary>
    public int Segment { get; }

    /// <summary>Security id.</summary>
    public int SecurityId { get; }

    /// <summary>Instrument (EQUITY, OPTIDX...).</summary>
    public int Instrument { get; }

    /// <summary>Trading symbol (compact) or symbol name (detailed).</summary>
    public int Symbol { get; }

    /// <summary>Display name.</summary>
    public int DisplayName { get; }

    /// <summary>Long name.</summary>
    public int SymbolName { get; }

    /// <summary>Exchange instrument type.</summary>
    public int ExchInstrumentType { get; }

    /// <summary>Series.</summary>
    public int Series { get; }

    /// <summary>Lot size.</summary>
    public int LotSize { get; }

    /// <summary>Tick size (paise).</summary>
    public int TickSize { get; }

    /// <summary>Expiry date.</summary>
    public int Expiry { get; }

    /// <summary>Strike price.</summary>
    public int Strike { get; }

    /// <summary>Option type.</summary>
    public int OptionType { get; }

    /// <summary>Expiry flag.</summary>
    public int ExpiryFlag { get; }

    /// <summary>Underlying security id (detailed only).</summary>
    public int UnderlyingSecurityId { get; }

    /// <summary>Underlying symbol (detailed only).</summary>
    public int UnderlyingSymbol { get; }

    /// <summary>ISIN (detailed only).</summary>
    public int Isin { get; }

    /// <summary>Recognises the column set from the header row.</summary>
    /// <param name="header">The header fields.</param>
    /// <param name="layout">The layout when recognised.</param>
    /// <param name="error">Why the header is unusable, otherwise <c>null</c>.</param>
    public static bool TryCreate(IReadOnlyList<string?> header, [NotNullWhen(true)] out ScripMasterLayout? layout, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i]?.Trim();
            if (!string.IsNullOrEmpty(name))
            {
                columns.TryAdd(name, i);
            }
        }

        layout = null;
        string[] required;
        bool detailed;
        if (columns.ContainsKey("SEM_SMST_SECURITY_ID"))
        {
            detailed = false;
            required = ["SEM_EXM_EXCH_ID", "SEM_SEGMENT", "SEM_SMST_SECURITY_ID", "SEM_INSTRUMENT_NAME", "SEM_TRADING_SYMBOL"];
        }
        else if (columns.ContainsKey("SECURITY_ID"))
        {
            detailed = true;
            required = ["EXCH_ID", "SEGMENT", "SECURITY_ID", "INSTRUMENT", "SYMBOL_NAME"];
        }
        else
        {
            error = "The header has neither SEM_SMST_SECURITY_ID (compact scrip master) nor SECURITY_ID (detailed scrip master); this is not a DhanHQ scrip-master CSV.";
            return false;
        }

        var missing = required.Where(name => !columns.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            error = $"The {(detailed ? "detailed" : "compact")} scrip-master header lacks required column(s): {string.Join(", ", missing)}.";
            return false;
        }

        layout = new ScripMasterLayout(detailed ? "detailed" : "compact", header.Count, columns, detailed);
        error = null;
        return true;
    }
}
