using System.Globalization;

namespace Relay.Server.Instruments;

/// <summary>An instrument as the REST API returns it.</summary>
/// <param name="ExchangeSegment">Segment name, e.g. <c>NSE_FNO</c>.</param>
/// <param name="SecurityId">Security id as a decimal string (as DhanHQ's JSON carries it).</param>
/// <param name="Key">The text key, e.g. <c>NSE_FNO:52175</c>.</param>
/// <param name="Symbol">Trading symbol.</param>
/// <param name="DisplayName">Display name.</param>
/// <param name="InstrumentType">INDEX, EQUITY, FUTIDX, OPTIDX, ...</param>
/// <param name="Series">Series, or <c>null</c>.</param>
/// <param name="LotSize">Lot size in units.</param>
/// <param name="TickSize">Tick size in rupees, or <c>null</c>.</param>
/// <param name="Expiry">Expiry <c>yyyy-MM-dd</c>, or <c>null</c>.</param>
/// <param name="Strike">Strike in rupees (options), or <c>null</c>.</param>
/// <param name="OptionType"><c>CE</c>/<c>PE</c>, or <c>null</c>.</param>
/// <param name="UnderlyingSymbol">The underlying's symbol (derivatives), or <c>null</c>.</param>
internal sealed record InstrumentDto(
    string ExchangeSegment,
    string SecurityId,
    string Key,
    string Symbol,
    string DisplayName,
    string InstrumentType,
    string? Series,
    int LotSize,
    decimal? TickSize,
    string? Expiry,
    decimal? Strike,
    string? OptionType,
    string? UnderlyingSymbol)
{
    /// <summary>Projects a master row.</summary>
    public static InstrumentDto From(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new InstrumentDto(
            Relay.Core.Contracts.ExchangeSegments.Name(instrument.Key.Segment),
            instrument.Key.SecurityIdText,
            instrument.Key.ToString(),
            instrument.Symbol,
            instrument.DisplayName,
            instrument.InstrumentType,
            instrument.Series,
            instrument.LotSize,
            instrument.TickSize,
            instrument.Expiry?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            instrument.Strike,
            instrument.OptionType,
            instrument.UnderlyingSymbol);
    }
}
