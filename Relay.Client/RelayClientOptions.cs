using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Relay.Client;

/// <summary>Settings of a <see cref="RelayClient"/>; see also <see cref="RelayClientBuilder"/>.</summary>
public sealed class RelayClientOptions
{
    /// <summary>Default of <see cref="StreamCapacity"/>: 10 000 instruments.</summary>
    public const int DefaultStreamCapacity = 10_000;

    /// <summary>
    /// The relay's address, e.g. <c>http://localhost:5000</c>; the hub path <c>/hubs/market</c> is appended unless the
    /// URL already ends with it. Required. Do not put a token in it: use <see cref="AccessTokenProvider"/>.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Supplies the bearer token when the relay requires one; called on every connect and reconnect, so it can
    /// refresh. <c>null</c> (the default) sends no token.
    /// </summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    /// <summary>The hub protocol; default <see cref="RelayProtocol.Json"/>.</summary>
    public RelayProtocol Protocol { get; set; } = RelayProtocol.Json;

    /// <summary>
    /// When to try again after the connection is lost, for SignalR's automatic reconnect and for the client's own
    /// restart loop after the connection closed. Default: <see cref="RelayRetryPolicy"/> (0, 1, 2, 5, 10 s, then
    /// 30 s forever, with jitter). A policy that returns <c>null</c> leaves the client <see cref="RelayConnectionState.Disconnected"/>.
    /// </summary>
    public IRetryPolicy ReconnectPolicy { get; set; } = new RelayRetryPolicy();

    /// <summary>Where the client and SignalR log; <c>null</c> (the default) logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock for retry delays; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How many instruments an all-instrument <see cref="MarketUpdateStream"/> may hold an unread update for; an
    /// update for one more instrument is dropped and counted. Default 10 000; at least 1.
    /// </summary>
    public int StreamCapacity { get; set; } = DefaultStreamCapacity;

    /// <summary>
    /// How long without any message from the relay before the connection counts as lost and reconnecting starts;
    /// <c>null</c> keeps SignalR's default (30 s). Must exceed the relay's keep-alive interval (15 s by default), ideally double it.
    /// </summary>
    public TimeSpan? ServerTimeout { get; set; }

    /// <summary>How often the client pings the relay when it has sent nothing; <c>null</c> keeps SignalR's default (15 s).</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>
    /// Further HTTP connection settings (transports, headers, proxy, <c>SkipNegotiation</c>), applied after the
    /// client's own; <c>null</c> by default.
    /// </summary>
    public Action<HttpConnectionOptions>? ConfigureHttpConnection { get; set; }

    /// <summary>Throws when a setting is missing or out of range.</summary>
    internal void Validate()
    {
        if (Url is null)
        {
            throw new ArgumentException("RelayClientOptions.Url is required (e.g. http://localhost:5000).", nameof(Url));
        }

        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("RelayClientOptions.Url must be an absolute http:// or https:// URL.", nameof(Url));
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Unknown protocol.");
        }

        ArgumentNullException.ThrowIfNull(ReconnectPolicy);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamCapacity, 1);
        if (ServerTimeout is { } serverTimeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(serverTimeout, TimeSpan.Zero, nameof(ServerTimeout));
        }

        if (KeepAliveInterval is { } keepAliveInterval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keepAliveInterval, TimeSpan.Zero, nameof(KeepAliveInterval));
        }
    }

    /// <summary>A copy, so later changes to the caller's object do not reach a running client.</summary>
    internal RelayClientOptions Clone() => (RelayClientOptions)MemberwiseClone();
}
