using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Client.Internal;
using Relay.Core.Contracts;

namespace Relay.Client;

/// <summary>
/// A typed client of the Relay market hub (<c>/hubs/market</c>): connects, subscribes, receives Tick, Quote, Full and
/// feed-status messages as events, bound handlers or conflating <c>await foreach</c> streams, and keeps a last-value
/// cache per instrument.
/// </summary>
/// <remarks>
/// <para>
/// The client owns the set of subscriptions the caller wants. SignalR gives every reconnect a new connection without
/// group membership, so after each reconnect the client replays that set (per mode) and refreshes the cache from the
/// returned snapshots, without the caller doing anything (<see cref="Resubscribed"/> reports the answers). When
/// SignalR's automatic reconnect gives up or the connection closes (e.g. the relay restarted), the client keeps
/// starting a new connection with the same <see cref="RelayClientOptions.ReconnectPolicy"/>.
/// </para>
/// <para>
/// Thread-safe. Events and bound handlers run on the connection's receive path one message at a time: keep them short
/// (a slow one delays every later message); slow consumers should read a <see cref="StreamAsync"/> stream instead.
/// An exception thrown by a handler is logged and swallowed.
/// </para>
/// </remarks>
public sealed partial class RelayClient : IAsyncDisposable
{
    /// <summary>Instruments per Subscribe/Unsubscribe call; bigger requests are split.</summary>
    internal const int MaxInstrumentsPerCall = 100;

    private readonly RelayClientOptions _options;
    private readonly HubConnection _connection;
    private readonly HubCallbacks _callbacks;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SubscriptionLedger _ledger = new();
    private readonly MarketViewCache _cache = new();
    private readonly StreamRegistry _streams = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _stateGate = new();
    private readonly Lock _handlerGate = new();
    private IMarketClient[] _handlers = [];
    private RelayConnectionState _state;
    private FeedStatusMessage? _feedStatus;
    private int _disposed;

    /// <summary>Creates a client; it does not connect until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid (the URL is required).</exception>
    public RelayClient(RelayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _timeProvider = _options.TimeProvider;
        _logger = (ILogger?)_options.LoggerFactory?.CreateLogger<RelayClient>() ?? NullLogger.Instance;
        HubUrl = ResolveHubUrl(_options.Url!);

        var builder = new HubConnectionBuilder()
            .WithUrl(HubUrl, http =>
            {
                if (_options.AccessTokenProvider is { } tokenProvider)
                {
                    http.AccessTokenProvider = tokenProvider;
                }

                _options.ConfigureHttpConnection?.Invoke(http);
            })
            .WithAutomaticReconnect(_options.ReconnectPolicy);
        if (_options.Protocol == RelayProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        if (_options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton<ILoggerFactory>(new SignalRLoggerFactory(loggerFactory));
        }

        _connection = builder.Build();
        if (_options.ServerTimeout is { } serverTimeout)
        {
            _connection.ServerTimeout = serverTimeout;
        }

        if (_options.KeepAliveInterval is { } keepAliveInterval)
        {
            _connection.KeepAliveInterval = keepAliveInterval;
        }

        _connection.Reconnecting += OnReconnectingAsync;
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;
        _callbacks = HubCallbacks.Register(_connection, new CallbackDispatcher(this));
    }

    /// <summary>A Tick (Ticker-mode update) arrived.</summary>
    public event EventHandler<TickMessage>? TickReceived;

    /// <summary>A Quote (Quote-mode update) arrived.</summary>
    public event EventHandler<QuoteMessage>? QuoteReceived;

    /// <summary>A Full (Full-mode update) arrived.</summary>
    public event EventHandler<FullMessage>? FullReceived;

    /// <summary>The relay reported its upstream feed's state (on connect and on every change); also in <see cref="FeedStatus"/>.</summary>
    public event EventHandler<FeedStatusMessage>? FeedStatusChanged;

    /// <summary>One of this user's orders changed (placed, filled, modified, cancelled, rejected); needs an authenticated connection.</summary>
    public event EventHandler<OrderUpdateMessage>? OrderUpdateReceived;

    /// <summary><see cref="State"/> changed.</summary>
    public event EventHandler<RelayConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Subscriptions recorded while disconnected, or held before a reconnect, were sent on a new connection; carries
    /// the relay's answers (rejected ones are forgotten).
    /// </summary>
    public event EventHandler<ResubscribedEventArgs>? Resubscribed;

    /// <summary>Starts a builder for a client of the relay at <paramref name="url"/>.</summary>
    /// <param name="url">The relay's address, e.g. <c>http://localhost:5000</c> (see <see cref="RelayClientOptions.Url"/>).</param>
    public static RelayClientBuilder Create(Uri url) => new RelayClientBuilder().WithUrl(url);

    /// <summary>Starts a builder for a client of the relay at <paramref name="url"/>.</summary>
    /// <param name="url">The relay's address, e.g. <c>http://localhost:5000</c> (see <see cref="RelayClientOptions.Url"/>).</param>
    /// <exception cref="UriFormatException">The text is not a URL.</exception>
    public static RelayClientBuilder Create(string url) => new RelayClientBuilder().WithUrl(url);

    /// <summary>The hub's URL: the configured address with <c>/hubs/market</c> appended when it was missing.</summary>
    public Uri HubUrl { get; }

    /// <summary>The hub protocol in use.</summary>
    public RelayProtocol Protocol => _options.Protocol;

    /// <summary>The connection's state; <see cref="StateChanged"/> reports changes.</summary>
    public RelayConnectionState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// The relay's last reported upstream feed state; <c>null</c> until the first report. Kept (not cleared) while the
    /// client is disconnected, so check <see cref="State"/> too.
    /// </summary>
    public FeedStatusMessage? FeedStatus => Volatile.Read(ref _feedStatus);

    /// <summary>The server → client methods registered on the connection, for contract tests.</summary>
    internal IReadOnlyList<HubCallbackRegistration> RegisteredCallbacks => _callbacks.Registered;

    /// <summary>The desired subscriptions, for tests.</summary>
    internal SubscriptionLedger Ledger => _ledger;

    /// <summary>Open streams, for tests.</summary>
    internal int OpenStreamCount => _streams.Count;

    /// <summary>
    /// The client's last known view of <paramref name="instrument"/>, answered from the local cache without a round trip:
    /// merged from the Ticks, Quotes, Fulls and subscribe snapshots received. <c>null</c> when nothing was received or
    /// the instrument is not subscribed (unsubscribing every mode of an instrument evicts it).
    /// </summary>
    public MarketView? Last(InstrumentKey instrument) => _cache.Get(instrument);

    /// <summary>
    /// Opens a bounded, conflating stream of updates for <c>await foreach</c>: every instrument, or only
    /// <paramref name="instrument"/>. It carries Tick, Quote and Full messages and the snapshots returned by subscribes.
    /// </summary>
    /// <param name="instrument">The one instrument to stream; <c>null</c> (the default) for all.</param>
    /// <returns>The stream; its <see cref="MarketUpdateStream.ConflatedCount"/> shows how many updates a slow consumer skipped.</returns>
    /// <remarks>Streaming does not subscribe: call <see cref="SubscribeAsync"/> for the instruments.</remarks>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public MarketUpdateStream StreamAsync(InstrumentKey? instrument = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var stream = new MarketUpdateStream(instrument, _options.StreamCapacity, _streams.Remove);
        _streams.Add(stream);
        if (Volatile.Read(ref _disposed) != 0)
        {
            stream.Close(discard: false);
        }

        return stream;
    }

    /// <summary>
    /// Calls <paramref name="handler"/>'s methods for every message, after the events; awaited one message at a time.
    /// </summary>
    /// <param name="handler">An implementation of the hub's callback contract.</param>
    /// <returns>Disposing it unbinds the handler.</returns>
    public IDisposable Bind(IMarketClient handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlerGate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new HandlerBinding(() =>
        {
            lock (_handlerGate)
            {
                var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
            }
            }
        });
    }

    /// <summary>
    /// Stops the connection and its reconnect loop, ends every stream (after their waiting updates are read) and
    /// releases the connection. Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync();
        await WhenBackgroundWorkDoneAsync();
        try
        {
            await _connection.StopAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.StopFailed(_logger, ex);
        }

        await _connection.DisposeAsync();
        await WhenBackgroundWorkDoneAsync();
        _streams.CompleteAll();
        TransitionTo(RelayConnectionState.Disconnected, null);
        _lifetime.Dispose();
    }

    /// <summary>The hub URL for a configured address: the path <c>/hubs/market</c> is appended unless present.</summary>
    internal static Uri ResolveHubUrl(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(MarketHub.Path, StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        return new UriBuilder(url) { Path = path + MarketHub.Path }.Uri;
    }

    /// <summary>The URL without user info or query, safe to log.</summary>
    private static string SafeUrl(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}
