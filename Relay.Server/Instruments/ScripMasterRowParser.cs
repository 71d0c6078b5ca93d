using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Server.Instruments;

/// <summary>
/// Turns one scrip-master record into an <see cref="Instrument"/>, or says why it cannot. Mapping rules:
/// (exchange, segment letter) → <see cref="ExchangeSegment"/> per protocol reference §3; tick size from paise to
/// rupees (§8 #18); lot size from decimal text (<c>75.0</c>); expiry placeholders (empty, <c>NA</c>,
/// <c>0001-01-01</c>) → no expiry; strike and option type kept for options only; <c>NA</c>/<c>XX</c>/empty → null.
/// </summary>
internal static class ScripMasterRowParser
{
    /// <summary>The CSV carries tick sizes in paise; Relay stores rupees.</summary>
    public const decimal PaisePerRupee = 100m;

    /// <summary>The longest symbol or display name accepted.</summary>
    public const int MaxTextLength = 200;

    private static readonly string[] ExpiryFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "dd-MM-yyyy", "dd/MM/yyyy", "dd-MMM-yyyy",
    ];

    /// <summary>Parses <paramref name="fields"/> laid out as <paramref name="layout"/> says.</summary>
    public static bool TryParse(IReadOnlyList<string?> fields, ScripMasterLayout layout, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? reason)
    {
        instrument = null;
        var exchange = Text(fields, layout.Exchange);
        var segmentText = Text(fields, layout.Segment);
        if (!TryMapSegment(exchange, segmentText, out var segment))
        {
            reason = $"unknown exchange/segment '{Shorten(exchange)}'/'{Shorten(segmentText)}'";
            return false;
        }

        var idText = Text(fields, layout.SecurityId);
        if (!uint.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var securityId) || securityId == 0)
        {
            reason = $"security id '{Shorten(idText)}' is not a positive integer";
            return false;
        }

        var instrumentType = Optional(fields, layout.Instrument)?.ToUpperInvariant();
        if (instrumentType is null)
        {
            reason = "the instrument column is empty";
            return false;
        }

        var isCash = instrumentType is "EQUITY" or "INDEX";
        var underlyingSymbol = Optional(fields, layout.UnderlyingSymbol);

        // The detailed file's SYMBOL_NAME is the company name for equities and indices; their trading symbol is
        // UNDERLYING_SYMBOL. For derivatives SYMBOL_NAME is the trading symbol (NIFTY-Oct2026-25000-CE).
        var symbol = layout.IsDetailed && isCash && underlyingSymbol is not null ? underlyingSymbol : Text(fields, layout.Symbol);
        if (symbol.Length == 0)
        {
            reason = "the symbol is empty";
            return false;
        }

        var displayName = Optional(fields, layout.DisplayName) ?? symbol;
        if (symbol.Length > MaxTextLength || displayName.Length > MaxTextLength)
        {
            reason = $"the symbol or display name is longer than {MaxTextLength} characters";
            return false;
        }

        if (!TryParseLotSize(Text(fields, layout.LotSize), out var lotSize))
        {
            reason = $"lot size '{Shorten(Text(fields, layout.LotSize))}' is not a whole number of units";
            return false;
        }

        if (!TryParseTickSize(Optional(fields, layout.TickSize), out var tickSize))
        {
            reason = $"tick size '{Shorten(Text(fields, layout.TickSize))}' is not a non-negative number";
            return false;
        }

        if (!TryParseExpiry(Optional(fields, layout.Expiry), out var expiry))
        {
            reason = $"expiry '{Shorten(Text(fields, layout.Expiry))}' is not a date";
            return false;
        }

        var optionText = Optional(fields, layout.OptionType)?.ToUpperInvariant();
        var optionType = optionText is "CE" or "PE" ? optionText : null;
        decimal? strike = null;
        if (optionType is not null)
        {
            var strikeText = Optional(fields, layout.Strike);
            if (!decimal.TryParse(strikeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                reason = $"option with strike '{Shorten(strikeText)}' (a positive price is required)";
                return false;
            }

            strike = value;
        }

        uint? underlyingId = uint.TryParse(Optional(fields, layout.UnderlyingSecurityId), NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid > 0 ? uid : null;
        if (!layout.IsDetailed && !isCash)
        {
            // The compact file has no underlying column; Dhan's derivative symbols start with it (NIFTY-Dec2026-FUT).
            var dash = symbol.IndexOf('-', StringComparison.Ordinal);
            underlyingSymbol = dash > 0 ? symbol[..dash] : null;
        }

        instrument = new Instrument
        {
            Key = new InstrumentKey(segment, securityId),
            Symbol = symbol,
            DisplayName = displayName,
            InstrumentType = instrumentType,
            ExchInstrumentType = Optional(fields, layout.ExchInstrumentType),
            Series = Optional(fields, layout.Series),
            LotSize = lotSize,
            TickSize = tickSize,
            Expiry = expiry,
            Strike = strike,
            OptionType = optionType,
            UnderlyingSecurityId = underlyingId,
            UnderlyingSymbol = isCash && !layout.IsDetailed ? null : underlyingSymbol,
            Isin = Optional(fields, layout.Isin),
            SymbolName = Optional(fields, layout.SymbolName),
            ExpiryFlag = Optional(fields, layout.ExpiryFlag),
        };
        reason = null;
        return true;
    }

    /// <summary>Maps DhanHQ's (exchange, segment letter) pair; a full segment name (<c>NSE_FNO</c>) is accepted too.</summary>
    public static bool TryMapSegment(string exchange, string segment, out ExchangeSegment result)
    {
        result = default;
        if (segment.Length > 1)
        {
            return ExchangeSegments.TryParse(segment, out result);
        }

        var letter = segment.Length == 1 ? char.ToUpperInvariant(segment[0]) : '\0';
        var mapped = (exchange.ToUpperInvariant(), letter) switch
        {
            ("NSE" or "BSE", 'I') => ExchangeSegment.IDX_I,
            ("NSE", 'E') => ExchangeSegment.NSE_EQ,
            ("NSE", 'D') => ExchangeSegment.NSE_FNO,
            ("NSE", 'C') => ExchangeSegment.NSE_CURRENCY,
            ("BSE", 'E') => ExchangeSegment.BSE_EQ,
            ("BSE", 'D') => ExchangeSegment.BSE_FNO,
            ("BSE", 'C') => ExchangeSegment.BSE_CURRENCY,
            ("MCX", 'M') => ExchangeSegment.MCX_COMM,
            _ => (ExchangeSegment?)null,
        };
        if (mapped is { } value)
        {
            result = value;
            return true;
        }

        return false;
    }

    /// <summary>Blank → 1; otherwise decimal text that is a whole number from 0 up (<c>75.0</c> → 75).</summary>
    public static bool TryParseLotSize(string text, out int lotSize)
    {
        lotSize = 1;
        if (IsPlaceholder(text))
        {
            return true;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > int.MaxValue || value != decimal.Truncate(value))
        {
            return false;
        }

        lotSize = (int)value;
        return true;
    }

    /// <summary>Paise → rupees (<c>5.0</c> → 0.05); blank or zero → <c>null</c> (unknown).</summary>
    public static bool TryParseTickSize(string? text, out decimal? tickSize)
    {
        tickSize = null;
        if (text is null)
        {
            return true;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var paise) || paise < 0)
        {
            return false;
        }

        tickSize = paise == 0 ? null : paise / PaisePerRupee;
        return true;
    }

    /// <summary>A date (optionally with a time); placeholders and dates before 1900 (<c>0001-01-01</c>) → <c>null</c>.</summary>
    public static bool TryParseExpiry(string? text, out DateOnly? expiry)
    {
        expiry = null;
        if (text is null || text == "0")
        {
            return true;
        }

        if (!DateTime.TryParseExact(text, ExpiryFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            return false;
        }

        if (value.Year >= 1900)
        {
            expiry = DateOnly.FromDateTime(value);
        }

        return true;
    }

    // The trimmed field, or "" when the column is absent.
    private static string Text(IReadOnlyList<string?> fields, int index) =>
        index == ScripMasterLayout.Absent || index >= fields.Count ? "" : fields[index]?.Trim() ?? "";

    // The trimmed field, or null when absent, empty, or one of Dhan's placeholders.
    private static string? Optional(IReadOnlyList<string?> fields, int index)
    {
        var text = Text(fields, index);
        return IsPlaceholder(text) ? null : text;
    }

    private static bool IsPlaceholder(string text) =>
        text.Length == 0 || text.Equals("NA", StringComparison.OrdinalIgnoreCase) || text.Equals("XX", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string? text) => text is { Length: > 40 } ? string.Concat(text.AsSpan(0, 40), "…") : text ?? "";
}
