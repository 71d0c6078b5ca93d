namespace Relay.Core.Contracts;

/// <summary>
/// DhanHQ exchange segments. The numeric value is the byte at offset 3 of every binary packet header;
/// the name (e.g. <c>NSE_EQ</c>) is what JSON requests, REST and Relay's public contract use.
/// </summary>
/// <remarks>Code 6 is unused by DhanHQ. See <see cref="ExchangeSegments"/> for parsing and formatting.</remarks>
#pragma warning disable CA1707 // Names are DhanHQ's wire names, spelled exactly.
#pragma warning disable CA1028 // The wire carries the segment as one byte.
public enum ExchangeSegment : byte
{
    /// <summary>Index values (NSE and BSE indices), code 0.</summary>
    IDX_I = 0,

    /// <summary>NSE equity cash, code 1.</summary>
    NSE_EQ = 1,

    /// <summary>NSE futures and options, code 2.</summary>
    NSE_FNO = 2,

    /// <summary>NSE currency derivatives, code 3.</summary>
    NSE_CURRENCY = 3,

    /// <summary>BSE equity cash, code 4.</summary>
    BSE_EQ = 4,

    /// <summary>MCX commodities, code 5.</summary>
    MCX_COMM = 5,

    /// <summary>BSE currency derivatives, code 7.</summary>
    BSE_CURRENCY = 7,

    /// <summary>BSE futures and options, code 8.</summary>
    BSE_FNO = 8,
}
#pragma warning restore CA1028
#pragma warning restore CA1707
