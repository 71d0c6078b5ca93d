using Relay.Core.Market;

namespace Relay.Server.Market;

/// <summary>
/// The price fields shared by Quote and Full messages, converted once per update (see <see cref="WirePrice"/>),
/// so a Quote group and a Full group of the same instrument do not convert twice.
/// </summary>
internal readonly record struct QuotePrices(double Ltp, double Atp, double Open, double High, double Low, double Close, double PrevClose)
{
    /// <summary>Converts the quote prices of <paramref name="snapshot"/>.</summary>
    public static QuotePrices From(in MarketSnapshot snapshot) => new(
        WirePrice.ToDouble(snapshot.Ltp),
        WirePrice.ToDouble(snapshot.Atp),
        WirePrice.ToDouble(snapshot.Open),
        WirePrice.ToDouble(snapshot.High),
        WirePrice.ToDouble(snapshot.Low),
        WirePrice.ToDouble(snapshot.Close),
        WirePrice.ToDouble(snapshot.PrevClose));
}
