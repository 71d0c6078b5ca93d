using System.Globalization;

namespace Relay.Core.Market;

/// <summary>
/// Converts DhanHQ's float32 prices to the double clients see: the shortest decimal that round-trips the float
/// (24350.05f becomes 24350.05, not 24350.05078125, which a plain widening cast would give).
/// </summary>
internal static class WirePrice
{
    // "R"-free default formatting of float is already the shortest round-trippable text since .NET Core 3.0;
    // 32 chars hold any float in that form (e.g. "-1.4E-45", "3.4028235E+38").
    private const int MaxChars = 32;

    /// <summary>
    /// The shortest decimal of <paramref name="value"/> as a double, without allocating. Non-finite values (NaN,
    /// infinities: never valid prices, and not representable in JSON) become 0.
    /// </summary>
    public static double ToDouble(float value)
    {
        if (!float.IsFinite(value))
        {
            return 0;
        }

        // Integral floats (0, whole rupee prices, quantities) need no text round trip.
        if (value == MathF.Truncate(value) && MathF.Abs(value) < 16_777_216f)
        {
            return value;
        }

        Span<char> text = stackalloc char[MaxChars];
        return value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture)
            ? double.Parse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture)
            : value;
    }
}
