using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Broadcast;

/// <summary>
/// How the broadcaster protects everyone from a slow client (section <c>Relay:Broadcast</c>).
/// </summary>
/// <remarks>
/// Policy: the upstream loop only marks an instrument dirty; one background loop sends the newest state of each
/// dirty instrument once per (instrument, mode) group, never awaiting a client. A SignalR connection may have at
/// most <see cref="MaxPendingWritesPerConnection"/> writes that did not complete at once (its socket and buffers are
/// full); further updates for it are dropped and counted (reason <c>pending-cap</c>). A connection that keeps
/// dropping for <see cref="StallAbortAfter"/> or <see cref="AbortAfterConsecutiveDrops"/> updates in a row is
/// aborted and counted: it reconnects and resubscribes, and gets a fresh snapshot.
/// </remarks>
internal sealed class BroadcastOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Broadcast";

    /// <summary>
    /// Writes per SignalR connection that may be pending (not yet accepted by its transport) before updates for
    /// it are dropped. Bounds the memory a non-reading client can pin. Default 64; 1 to 100000.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPendingWritesPerConnection { get; set; } = 64;

    /// <summary>
    /// A connection dropping updates (at its pending cap) continuously for this long is aborted. Default 10 seconds;
    /// 100 ms to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StallAbortAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection that had this many updates in a row dropped is aborted, whatever the time. Default 10000;
    /// 1 to 100000000.
    /// </summary>
    [Range(1, 100_000_000)]
    public int AbortAfterConsecutiveDrops { get; set; } = 10_000;

    /// <summary>
    /// At shutdown, how long to hold the stop after sending every SignalR client the <c>Stopped</c> status, so it
    /// leaves before SignalR tears the connections down (it does not flush them). 0 disables. Default 250 ms;
    /// 0 to 5 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromMilliseconds(250);
}
