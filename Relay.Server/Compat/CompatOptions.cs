using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Compat;

/// <summary>
/// The seed system's JSON WebSocket endpoint <c>/ws</c> (section <c>Relay:Compat</c>). Its limits on instruments
/// and message size are the hub's (<c>Relay:Hub</c>).
/// </summary>
/// <remarks>
/// Each socket has one sender and a bounded outbox: ticker updates are conflated per instrument (the newest value
/// wins) in at most <see cref="MaxPendingInstruments"/> slots, replies and status messages wait in at most
/// <see cref="MaxPendingControlMessages"/> slots; when either is full its oldest entry is dropped and counted.
/// A send that takes longer than <see cref="SendTimeout"/> aborts the socket (counted).
/// </remarks>
internal sealed class CompatOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Compat";

    /// <summary>Instruments with a ticker waiting to be sent on one socket. Default 1024; 1 to 25000.</summary>
    [Range(1, 25_000)]
    public int MaxPendingInstruments { get; set; } = 1024;

    /// <summary>Replies and status messages waiting to be sent on one socket. Default 64; 1 to 10000.</summary>
    [Range(1, 10_000)]
    public int MaxPendingControlMessages { get; set; } = 64;

    /// <summary>One WebSocket send taking longer than this aborts the socket. Default 10 seconds; 100 ms to 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On shutdown, how long to wait for a client to answer the close handshake before aborting. Default 2 seconds;
    /// 0 to 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
