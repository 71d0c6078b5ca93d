using System.ComponentModel.DataAnnotations;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>
/// Options of the DhanHQ-compatible <see cref="FeedSimulator"/>, bound from <c>Relay:Simulator</c>.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section: <c>Relay:Simulator</c>.</summary>
    public const string SectionName = "Relay:Simulator";

    /// <summary>Loopback TCP port to listen on (127.0.0.1 only). 0 (the default) picks a free port; read it from <see cref="FeedSimulator.Port"/>.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The client id the simulator accepts in the <c>clientId</c> query parameter. Default <c>SIMULATOR</c>.</summary>
    [Required]
    [MinLength(1)]
    public string ClientId { get; set; } = "SIMULATOR";

    /// <summary>The access token the simulator accepts in the <c>token</c> query parameter. Default <c>simulator-token</c>.</summary>
    [Required]
    [MinLength(1)]
    public string AccessToken { get; set; } = "simulator-token";

    /// <summary>
    /// A token the simulator recognises as expired: connecting with it gets disconnect reason 807. <c>null</c> (the default): none.
    /// </summary>
    public string? ExpiredAccessToken { get; set; }

    /// <summary>Disconnect reason sent for a token that is neither <see cref="AccessToken"/> nor <see cref="ExpiredAccessToken"/>. Default 809 (access token invalid).</summary>
    [Range(800, 899)]
    public ushort WrongAccessTokenReason { get; set; } = (ushort)DisconnectReason.AccessTokenInvalid;

    /// <summary>
    /// Disconnect reason sent for a client id other than <see cref="ClientId"/>, and for a query string that is missing
    /// <c>token</c> or <c>clientId</c> or has <c>version</c>/<c>authType</c> other than 2. Default 808 (authentication failed).
    /// </summary>
    [Range(800, 899)]
    public ushort WrongClientIdReason { get; set; } = (ushort)DisconnectReason.AuthenticationFailed;

    /// <summary>
    /// How a rejected credential is reported. <see cref="SimulatorAuthFailureMode.DisconnectPacket"/> (the default) is the
    /// documented behaviour: a code-50 packet with the reason, then a close frame.
    /// </summary>
    public SimulatorAuthFailureMode AuthFailureMode { get; set; } = SimulatorAuthFailureMode.DisconnectPacket;

    /// <summary>Ticks per second per subscribed instrument (before the hot and burst multipliers). Default 2.</summary>
    [Range(0.001, 100_000)]
    public double TicksPerSecondPerInstrument { get; set; } = 2;

    /// <summary>
    /// Seed of every random choice (prices, quantities, tick spacing, garbage bytes). With a seed, the price sequence of
    /// an instrument is the same on every run. <c>null</c> (the default): a new seed per simulator.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Most packets the simulator packs into one binary WebSocket frame. Default 1, as captured from DhanHQ's main feed;
    /// raise it to exercise the relay's frame splitter or to cut per-frame overhead under load.
    /// </summary>
    [Range(1, 400)]
    public int MaxPacketsPerFrame { get; set; } = 1;

    /// <summary>Interval between the WebSocket PING frames the simulator sends. Default 10 s (DhanHQ's value).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after a PING the simulator waits for the PONG before aborting the socket. Default 40 s (DhanHQ's value).
    /// Pongs are read only while the simulator reads the socket: a socket put in silence (<see cref="FeedSimulator.GoSilent"/>)
    /// is therefore aborted by the simulator itself this long after its first unanswered ping.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// The first this-many instruments subscribed on the simulator (in order of first subscription, over all sockets) are
    /// "hot" and tick <see cref="HotRateMultiplier"/> times faster. Default 0 (no skew).
    /// </summary>
    [Range(0, 1_000_000)]
    public int HotInstrumentCount { get; set; }

    /// <summary>Rate multiplier of hot instruments. Default 10.</summary>
    [Range(1, 10_000)]
    public double HotRateMultiplier { get; set; } = 10;

    /// <summary>
    /// Period of rate bursts: every this often, all rates are multiplied by <see cref="BurstRateMultiplier"/> for
    /// <see cref="BurstDuration"/>. <see cref="TimeSpan.Zero"/> (the default) disables bursts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BurstInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Length of each burst. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BurstDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rate multiplier during a burst. Default 5.</summary>
    [Range(1, 10_000)]
    public double BurstRateMultiplier { get; set; } = 5;

    /// <summary>
    /// Resolution of each socket's send loop: how often it wakes to send what is due. Default 10 ms. One timer per socket.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan TimerResolution { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Most instruments in one subscribe/unsubscribe request (DhanHQ: 100).</summary>
    [Range(1, 100_000)]
    public int MaxInstrumentsPerRequest { get; set; } = 100;

    /// <summary>Most distinct instruments subscribed on one socket (DhanHQ: 5000).</summary>
    [Range(1, 1_000_000)]
    public int MaxInstrumentsPerSocket { get; set; } = 5000;

    /// <summary>Most open sockets per client id (DhanHQ: 5). One more makes the simulator drop the oldest with reason 805.</summary>
    [Range(1, 1000)]
    public int MaxConnectionsPerClient { get; set; } = 5;

    /// <summary>
    /// What a request that breaks a limit (over <see cref="MaxInstrumentsPerRequest"/>, <c>InstrumentCount</c> not equal to
    /// the list length, or over <see cref="MaxInstrumentsPerSocket"/>) does besides being recorded as a violation.
    /// <c>true</c> (the default): the socket gets a disconnect packet (804 for a count limit, 814 for a count mismatch) and
    /// is closed, as DhanHQ documents for "instruments exceed the limit". <c>false</c>: the request is ignored as a whole.
    /// </summary>
    public bool DisconnectOnLimitViolation { get; set; } = true;

    /// <summary>
    /// Path of a scrip-master CSV (compact or detailed header names) to take tick sizes, lot sizes and reference prices from.
    /// <c>null</c> (the default): the bundled sample (<see cref="Instruments.BundledInstruments"/>). An instrument not in the
    /// file still streams, at a synthetic price on a ₹0.05 grid.
    /// </summary>
    public string? InstrumentsCsvPath { get; set; }

    /// <summary>How long a client has to complete the HTTP upgrade request. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the simulator waits for the peer's close frame after sending its own before aborting. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most entries kept in each observation log (requests, connection attempts, violations); the oldest go first. Default 10 000.</summary>
    [Range(10, 10_000_000)]
    public int MaxLogEntries { get; set; } = 10_000;

    /// <summary>
    /// Bench only (the load harness): each trade moves an instrument's price up by exactly one tick from its previous
    /// close, with no random walk and no price band, so an (instrument, price) pair identifies one send. Default false.
    /// </summary>
    public bool MonotonicPrices { get; set; }
}
