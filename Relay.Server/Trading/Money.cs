using System.Globalization;

namespace Relay.Server.Trading;

/// <summary>
/// Money and prices as stored: whole ten-thousandths of a rupee (₹1 = 10,000 units) in 64-bit integers, so that
/// every tick grid DhanHQ uses (down to ₹0.0025 for currency derivatives) and every product of a quantity and a
/// price is exact. Never floating point.
/// </summary>
internal static class Money
{
    /// <summary>Units per rupee.</summary>
    public const long Scale = 10_000;

    /// <summary>Rupees to units, rounded half away from zero to the nearest unit.</summary>
    public static long ToUnits(decimal rupees) => (long)Math.Round(rupees * Scale, MidpointRounding.AwayFromZero);

    /// <summary>Units to rupees, without trailing zeros (<c>9850500</c> → <c>985.05</c>).</summary>
    public static decimal ToRupees(long units) => Normalize((decimal)units / Scale);

    /// <summary>Rounds a unit amount up (towards +∞) to a whole unit: what a reservation needs.</summary>
    public static long CeilUnits(decimal units) => (long)Math.Ceiling(units);

    /// <summary>The value without trailing zeros (<c>985.0500</c> → <c>985.05</c>), so JSON shows it plainly.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Formats rupees for messages: ₹ and Indian digit grouping are left to clients; two decimals at least.</summary>
    public static string Format(long units) => ToRupees(units).ToString("#,##0.00##", CultureInfo.InvariantCulture);
}
