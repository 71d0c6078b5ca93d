namespace Relay.Core.Contracts;

/// <summary>
/// An instrument as clients name it on the wire: <c>{ "exchangeSegment": "NSE_EQ", "securityId": "1333" }</c>.
/// Unvalidated; see <see cref="InstrumentKey.TryCreate"/>.
/// </summary>
public sealed class InstrumentRef
{
    /// <summary>Segment name as DhanHQ spells it, e.g. <c>NSE_EQ</c>.</summary>
    public string? ExchangeSegment { get; set; }

    /// <summary>Security id as a decimal string, e.g. <c>1333</c>.</summary>
    public string? SecurityId { get; set; }

    /// <summary>Creates a reference from a validated key.</summary>
    public static InstrumentRef From(InstrumentKey key) => new() { ExchangeSegment = ExchangeSegments.Name(key.Segment), SecurityId = key.SecurityIdText };

    /// <inheritdoc />
    public override string ToString() => $"{ExchangeSegment}:{SecurityId}";
}
