using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Hubs;

/// <summary>
/// Limits of the market hub and the <c>/ws</c> endpoint, and the SignalR settings Relay sets (section <c>Relay:Hub</c>).
/// Named apart from SignalR's own <c>HubOptions</c>.
/// </summary>
internal sealed class MarketHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Hub";

    /// <summary>
    /// Most instruments in one <c>Subscribe</c>/<c>Unsubscribe</c> call (or one <c>/ws</c> message, or one snapshot
    /// request); a larger call is refused as a whole. Default 1000; 1 to 25000.
    /// </summary>
    [Range(1, 25_000)]
    public int MaxInstrumentsPerCall { get; set; } = 1000;

    /// <summary>
    /// Most distinct instruments one connection may hold (any mode); instruments past it are rejected one by one.
    /// Default 5000; 1 to 25000 (the upstream's total: 5 sockets of 5000).
    /// </summary>
    [Range(1, 25_000)]
    public int MaxInstrumentsPerConnection { get; set; } = 5000;

    /// <summary>
    /// Largest message a client may send, bytes (SignalR's <c>MaximumReceiveMessageSize</c>, and the <c>/ws</c> limit).
    /// A 1000-instrument subscribe is about 60 KB of JSON. Default 262144 (256 KiB); 1 KiB to 16 MiB.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxReceiveMessageBytes { get; set; } = 256 * 1024;

    /// <summary>The server pings an idle connection this often. Default 15 seconds; 1 second to 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A client not heard from for this long is disconnected; keep at least twice the clients' keep-alive
    /// (15 s by default). Default 30 seconds; 2 seconds to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether hub errors carry exception details to clients (development only). Default false.</summary>
    public bool EnableDetailedErrors { get; set; }
}
