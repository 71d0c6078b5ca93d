using System.ComponentModel.DataAnnotations;

namespace Relay.Core.Upstream;

/// <summary>
/// The upstream feed: where to connect, with which credentials, how many sockets, and the timings of the
/// liveness watchdog and the reconnect policy. Bound from <c>Relay:Feed</c>.
/// </summary>
internal sealed class FeedOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Feed";

    /// <summary>Upper bound of the keep-alive ping interval: DhanHQ itself pings every 10 s.</summary>
    public static readonly TimeSpan MaxKeepAliveInterval = TimeSpan.FromSeconds(10);

    /// <summary><c>Simulator</c> (default) or <c>Dhan</c>.</summary>
    public FeedSource Mode { get; set; } = FeedSource.Simulator;

    /// <summary>
    /// The feed's WebSocket endpoint, <c>ws://</c> or <c>wss://</c>, without a query string (Relay appends
    /// <c>?version=2&amp;token=..&amp;clientId=..&amp;authType=2</c>). Default <c>wss://api-feed.dhan.co</c>.
    /// </summary>
    [Required]
    public string Url { get; set; } = "wss://api-feed.dhan.co";

    /// <summary>The Dhan client id; <c>null</c> when credentials come from the credential store at run time.</summary>
    [MaxLength(64)]
    public string? ClientId { get; set; }

    /// <summary>The Dhan access token (JWT, valid 24 h); <c>null</c> when set at run time. Never logged.</summary>
    [MaxLength(8192)]
    public string? AccessToken { get; set; }

    /// <summary>Upstream sockets, 1 to 5 (DhanHQ allows 5 per account, shared with anything else using it). Default 1.</summary>
    [Range(1, 5)]
    public int MaxConnections { get; set; } = 1;

    /// <summary>Instruments per socket, 1 to 5000 (DhanHQ's limit). Default 5000.</summary>
    [Range(1, 5000)]
    public int MaxInstrumentsPerConnection { get; set; } = 5000;

    /// <summary>
    /// A socket from which nothing at all arrived for this long (no data frame, no ping from DhanHQ, no pong
    /// to Relay's keep-alive ping) is dead: it is reported <c>Stale</c> and reconnected. Default 50 s.
    /// Also sets the keep-alive timings (<see cref="KeepAliveInterval"/>, <see cref="KeepAliveTimeout"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>First reconnect delay after a network fault; doubles per failed attempt (with jitter). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Cap of the reconnect delay. Default 60 s. A session that stayed up at least this long resets the
    /// backoff: the next loss reconnects at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long to wait before trying again after DhanHQ rejected the credentials or the data plan
    /// (disconnect 806-810, HTTP 401/403/429 on the handshake, repeated immediate drops). New credentials
    /// cut the wait short. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CredentialsRejectedBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long to wait before trying again after DhanHQ dropped the socket because another connection of
    /// the account took its slot (805) or the instrument limit was exceeded (804). Default 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan EvictedBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed for TCP connect, TLS and the WebSocket handshake. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A session lost within this time after its handshake, without a single packet received, is an "immediate
    /// drop" (DhanHQ's observed answer to a bad token or an inactive plan). Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ImmediateDropWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This many immediate drops in a row are treated as rejected credentials. Default 3.</summary>
    [Range(1, 100)]
    public int ImmediateDropLimit { get; set; } = 3;

    /// <summary>
    /// How long a stopping socket waits for DhanHQ to acknowledge its disconnect request and close frame
    /// before it aborts. Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Relay's WebSocket ping interval, derived: <see cref="StaleAfter"/> / 5, at most 10 s (10 s by default).
    /// </summary>
    public TimeSpan KeepAliveInterval => StaleAfter / 5 < MaxKeepAliveInterval ? StaleAfter / 5 : MaxKeepAliveInterval;

    /// <summary>
    /// How long the runtime waits for the pong to one ping before it aborts the socket, derived:
    /// <see cref="StaleAfter"/> − <see cref="KeepAliveInterval"/> (40 s by default, DhanHQ's own pong timeout).
    /// </summary>
    public TimeSpan KeepAliveTimeout => StaleAfter - KeepAliveInterval;

    /// <summary>The configured credentials, or <c>null</c> when either part is missing.</summary>
    public FeedCredentials? ConfiguredCredentials =>
        string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(AccessToken) ? null : new FeedCredentials(ClientId.Trim(), AccessToken.Trim());

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
        {
            yield return new ValidationResult("Url must be an absolute ws:// or wss:// URL.", [nameof(Url)]);
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            // Credentials belong in ClientId/AccessToken, never in the URL (it is logged, redacted, by path only).
            yield return new ValidationResult("Url must not carry a query string, fragment or user info; set ClientId and AccessToken instead.", [nameof(Url)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId) != string.IsNullOrWhiteSpace(AccessToken))
        {
            yield return new ValidationResult("Set both ClientId and AccessToken, or neither (then they are set at run time).", [nameof(ClientId), nameof(AccessToken)]);
        }

        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult("MaxDelay must be at least BaseDelay.", [nameof(MaxDelay), nameof(BaseDelay)]);
        }
    }
}
