namespace Relay.Server.Instruments;

/// <summary>The body of <c>GET /api/instruments/search</c>.</summary>
/// <param name="Query">The search text as received.</param>
/// <param name="Items">The matches, best first.</param>
internal sealed record InstrumentSearchResponse(string Query, IReadOnlyList<InstrumentDto> Items);
