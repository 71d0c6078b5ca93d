namespace Relay.Server.Admin;

/// <summary>How many instruments the upstream can carry.</summary>
/// <param name="Sockets">Upstream sockets (<c>Relay:Feed:MaxConnections</c>).</param>
/// <param name="InstrumentsPerSocket">Instruments one socket may carry.</param>
/// <param name="Total">Sockets × instruments per socket.</param>
/// <param name="Used">Distinct instruments subscribed.</param>
/// <param name="Left">Instruments that can still be added.</param>
internal sealed record AdminFeedCapacity(int Sockets, int InstrumentsPerSocket, int Total, int Used, int Left);
