using Relay.Core.Contracts;

namespace Relay.Server.Instruments;

/// <summary>One row of the instrument master (DhanHQ's scrip master, normalised).</summary>
internal sealed record Instrument
{
    /// <summary>Segment and security id.</summary>
    public required InstrumentKey Key { get; init; }

    /// <summary>Trading symbol, e.g. <c>RELIANCE</c>, <c>NIFTY-Dec2026-24000-CE</c>.</summary>
    public required string Symbol { get; init; }

    /// <summary>Dhan's display name, e.g. <c>NIFTY 31 DEC 24000 CALL</c>; the symbol when the file has none.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Dhan's instrument: INDEX, EQUITY, FUTIDX, OPTIDX, FUTSTK, OPTSTK, FUTCUR, OPTCUR, FUTCOM, OPTFUT...</summary>
    public required string InstrumentType { get; init; }

    /// <summary>The exchange's finer instrument type (e.g. <c>ES</c>, <c>OP</c>), or <c>null</c>.</summary>
    public string? ExchInstrumentType { get; init; }

    /// <summary>Series (e.g. <c>EQ</c>, <c>BE</c>), or <c>null</c>.</summary>
    public string? Series { get; init; }

    /// <summary>Lot size in units (1 for cash equities).</summary>
    public required int LotSize { get; init; }

    /// <summary>Tick size in rupees (the CSV carries paise), or <c>null</c> when the file gives none.</summary>
    public decimal? TickSize { get; init; }

    /// <summary>Expiry date, or <c>null</c> for instruments that do not expire.</summary>
    public DateOnly? Expiry { get; init; }

    /// <summary>Strike price in rupees (options only).</summary>
    public decimal? Strike { get; init; }

    /// <summary><c>CE</c> or <c>PE</c> (options only).</summary>
    public string? OptionType { get; init; }

    /// <summary>The underlying's security id (detailed file only), or <c>null</c>.</summary>
    public uint? UnderlyingSecurityId { get; init; }

    /// <summary>The underlying's symbol (derivatives), or <c>null</c>.</summary>
    public string? UnderlyingSymbol { get; init; }

    /// <summary>ISIN (detailed file only), or <c>null</c>.</summary>
    public string? Isin { get; init; }

    /// <summary>Dhan's long name (company name for equities), or <c>null</c>.</summary>
    public string? SymbolName { get; init; }

    /// <summary>Expiry flag: <c>M</c> monthly, <c>W</c> weekly, or <c>null</c>.</summary>
    public string? ExpiryFlag { get; init; }
}
