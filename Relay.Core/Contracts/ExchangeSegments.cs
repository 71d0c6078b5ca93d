using System.Diagnostics.CodeAnalysis;

namespace Relay.Core.Contracts;

/// <summary>Parses and formats <see cref="ExchangeSegment"/> names and wire codes without exceptions on the hot path.</summary>
public static class ExchangeSegments
{
    // Indexed by wire code; null where DhanHQ defines no segment (code 6 and anything above 8).
    private static readonly string?[] Names =
    [
        "IDX_I", "NSE_EQ", "NSE_FNO", "NSE_CURRENCY", "BSE_EQ", "MCX_COMM", null, "BSE_CURRENCY", "BSE_FNO",
    ];

    /// <summary>Every defined segment, in wire-code order.</summary>
    public static IReadOnlyList<ExchangeSegment> All { get; } =
    [
        ExchangeSegment.IDX_I, ExchangeSegment.NSE_EQ, ExchangeSegment.NSE_FNO, ExchangeSegment.NSE_CURRENCY,
        ExchangeSegment.BSE_EQ, ExchangeSegment.MCX_COMM, ExchangeSegment.BSE_CURRENCY, ExchangeSegment.BSE_FNO,
    ];

    /// <summary>True when <paramref name="code"/> is a wire code DhanHQ defines.</summary>
    public static bool IsDefined(byte code) => code < Names.Length && Names[code] is not null;

    /// <summary>Maps a wire code (header byte 3) to a segment; false for 6 and codes above 8.</summary>
    public static bool TryFromCode(byte code, out ExchangeSegment segment)
    {
        segment = (ExchangeSegment)code;
        return IsDefined(code);
    }

    /// <summary>The DhanHQ name of a segment, e.g. <c>NSE_EQ</c>. Cached strings: no allocation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined segment.</exception>
    public static string Name(ExchangeSegment segment) =>
        IsDefined((byte)segment)
            ? Names[(byte)segment]!
            : throw new ArgumentOutOfRangeException(nameof(segment), (byte)segment, $"Exchange segment code {(byte)segment} is not defined by DhanHQ (valid codes: 0-5, 7, 8).");

    /// <summary>Parses a DhanHQ segment name (case-insensitive, e.g. <c>nse_eq</c>).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out ExchangeSegment segment)
    {
        for (var code = 0; code < Names.Length; code++)
        {
            if (Names[code] is { } candidate && name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                segment = (ExchangeSegment)code;
                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <summary>Parses a DhanHQ segment name.</summary>
    /// <exception cref="FormatException">The name is not a DhanHQ segment; the message lists the valid names.</exception>
    public static ExchangeSegment Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var segment)
            ? segment
            : throw new FormatException($"Unknown exchange segment '{Truncate(name)}'. Valid segments: {string.Join(", ", Names.Where(n => n is not null))}.");
    }

    /// <summary>Keeps user input quoted in error messages short.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    internal static string? Truncate(string? text) => text is { Length: > 40 } ? string.Concat(text.AsSpan(0, 40), "…") : text;
}
