using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Server.Instruments;

/// <summary>An <c>instruments</c> row as Dapper reads it (see <see cref="InstrumentSql.Columns"/>).</summary>
internal sealed class InstrumentRow
{
    public string Segment { get; set; } = "";
    public long SecurityId { get; set; }
    public string Symbol { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string InstrumentType { get; set; } = "";
    public string? ExchInstrumentType { get; set; }
    public string? Series { get; set; }
    public long LotSize { get; set; }
    public double? TickSize { get; set; }
    public string? Expiry { get; set; }
    public double? Strike { get; set; }
    public string? OptionType { get; set; }
    public long? UnderlyingSecurityId { get; set; }
    public string? UnderlyingSymbol { get; set; }
    public string? Isin { get; set; }
    public string? SymbolName { get; set; }
    public string? ExpiryFlag { get; set; }

    /// <summary>The domain record; <c>null</c> for a row with a segment this build does not know.</summary>
    public Instrument? ToInstrument()
    {
        if (!ExchangeSegments.TryParse(Segment, out var segment) || SecurityId is <= 0 or > uint.MaxValue)
        {
            return null;
        }

        return new Instrument
        {
            Key = new InstrumentKey(segment, (uint)SecurityId),
            Symbol = Symbol,
            DisplayName = DisplayName,
            InstrumentType = InstrumentType,
            ExchInstrumentType = ExchInstrumentType,
            Series = Series,
            LotSize = (int)LotSize,

            // Stored as REAL; decimal's conversion rounds to 15 significant digits, which restores 0.05 exactly.
            TickSize = TickSize is { } tick ? (decimal)tick : null,
            Expiry = Expiry is { } expiry && DateOnly.TryParseExact(expiry, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            Strike = Strike is { } strike ? (decimal)strike : null,
            OptionType = OptionType,
            UnderlyingSecurityId = UnderlyingSecurityId is > 0 and <= uint.MaxValue ? (uint)UnderlyingSecurityId.Value : null,
            UnderlyingSymbol = UnderlyingSymbol,
            Isin = Isin,
            SymbolName = SymbolName,
            ExpiryFlag = ExpiryFlag,
        };
    }
}
