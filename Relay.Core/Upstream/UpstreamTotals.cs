namespace Relay.Core.Upstream;

/// <summary>Totals across all upstream sockets since start, for the admin API.</summary>
/// <param name="Ticker">Ticker packets received.</param>
/// <param name="Quote">Quote packets received.</param>
/// <param name="OpenInterest">OI packets received.</param>
/// <param name="PrevClose">Previous-close packets received.</param>
/// <param name="Full">Full packets received.</param>
/// <param name="Disconnect">Feed-disconnect packets received.</param>
/// <param name="Other">Packets with nothing to decode (market status, index, code 0).</param>
/// <param name="Malformed">Malformed packets skipped (and oversized messages dropped).</param>
/// <param name="TextFrames">Unexpected text frames ignored.</param>
/// <param name="Reconnects">Successful connects after a socket's first one.</param>
/// <param name="ConnectionAttempts">Handshakes attempted.</param>
/// <param name="LastPacketAt">When the last packet arrived, or <c>null</c> before any.</param>
/// <param name="PacketsPerSecond">Packets per second over the last few seconds.</param>
internal sealed record UpstreamTotals(
    long Ticker,
    long Quote,
    long OpenInterest,
    long PrevClose,
    long Full,
    long Disconnect,
    long Other,
    long Malformed,
    long TextFrames,
    long Reconnects,
    long ConnectionAttempts,
    DateTimeOffset? LastPacketAt,
    double PacketsPerSecond)
{
    /// <summary>All well-framed packets received.</summary>
    public long Packets => Ticker + Quote + OpenInterest + PrevClose + Full + Disconnect + Other;
}
