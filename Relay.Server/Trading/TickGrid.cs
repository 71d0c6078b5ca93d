using System.Globalization;

namespace Relay.Server.Trading;

/// <summary>Price grid arithmetic. Ticks and prices are rupees as exact decimals.</summary>
internal static class TickGrid
{
    /// <summary>The tick assumed when the instrument master gives none (the common NSE equity tick), rupees.</summary>
    public const decimal DefaultTick = 0.05m;

    /// <summary>True when <paramref name="price"/> is a whole multiple of <paramref name="tick"/>.</summary>
    public static bool IsOnGrid(decimal price, decimal tick) => tick <= 0 || decimal.Remainder(price, tick) == 0;

    /// <summary>The nearest grid price (half away from zero).</summary>
    public static decimal Round(decimal price, decimal tick) =>
        tick <= 0 ? price : Money.Normalize(Math.Round(price / tick, MidpointRounding.AwayFromZero) * tick);

    /// <summary>The grid prices just below and above <paramref name="price"/>, for an error message.</summary>
    public static (decimal Below, decimal Above) Neighbours(decimal price, decimal tick) =>
        (Money.Normalize(Math.Floor(price / tick) * tick), Money.Normalize(Math.Ceiling(price / tick) * tick));

    /// <summary>
    /// A DhanHQ float32 price as the decimal it stands for: the shortest decimal that round-trips the float (what
    /// the feed's sender typed), then the nearest grid price. Non-positive or non-finite values give <c>null</c>.
    /// </summary>
    public static decimal? FromWire(float price, decimal tick)
    {
        if (!float.IsFinite(price) || price <= 0)
        {
            return null;
        }

        var shortest = decimal.Parse(price.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        var rounded = Round(shortest, tick);
        return rounded > 0 ? rounded : null;
    }
}
