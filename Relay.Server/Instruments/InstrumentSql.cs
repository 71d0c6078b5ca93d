namespace Relay.Server.Instruments;

/// <summary>SQL fragments shared by the importer (which builds the search order) and the search (which reads it).</summary>
internal static class InstrumentSql
{
    /// <summary>The columns of <see cref="InstrumentRow"/>, from table alias <c>i</c>.</summary>
    public const string Columns = """
        i.exchange_segment AS Segment, i.security_id AS SecurityId, i.symbol AS Symbol, i.display_name AS DisplayName,
        i.instrument_type AS InstrumentType, i.exch_instrument_type AS ExchInstrumentType, i.series AS Series,
        i.lot_size AS LotSize, i.tick_size AS TickSize, i.expiry AS Expiry, i.strike AS Strike, i.option_type AS OptionType,
        i.underlying_security_id AS UnderlyingSecurityId, i.underlying_symbol AS UnderlyingSymbol, i.isin AS Isin,
        i.symbol_name AS SymbolName, i.expiry_flag AS ExpiryFlag
        """;

    /// <summary>
    /// The search order within a tier: shorter symbol first, then non-expiring before nearest expiry, then
    /// alphabetical, then by segment (index, NSE before BSE), then security id.
    /// </summary>
    public const string RankOrder = """
        length(i.symbol), i.expiry IS NOT NULL, i.expiry, i.symbol_norm,
        CASE i.exchange_segment
            WHEN 'IDX_I' THEN 0 WHEN 'NSE_EQ' THEN 1 WHEN 'NSE_FNO' THEN 2 WHEN 'BSE_EQ' THEN 3 WHEN 'BSE_FNO' THEN 4
            WHEN 'NSE_CURRENCY' THEN 5 WHEN 'BSE_CURRENCY' THEN 6 WHEN 'MCX_COMM' THEN 7 ELSE 8 END,
        i.security_id
        """;
}
