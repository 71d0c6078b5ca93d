namespace Relay.Server.Trading;

/// <summary>What a resting paper order does at a price (see <see cref="PaperMath.Evaluate"/>).</summary>
/// <param name="Kind">Nothing, trigger (a STOP_LOSS becomes a resting limit), or fill.</param>
/// <param name="FillPrice">The fill price in <see cref="Money"/> units when <paramref name="Kind"/> is fill.</param>
internal readonly record struct RestingAction(RestingActionKind Kind, long FillPrice)
{
    public static RestingAction None => default;

    public static RestingAction Trigger => new(RestingActionKind.Trigger, 0);

    public static RestingAction FillAt(long price) => new(RestingActionKind.Fill, price);
}
