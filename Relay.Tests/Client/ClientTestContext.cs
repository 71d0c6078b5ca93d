using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

/// <summary>A client plus everything it received, for the client tests.</summary>
internal sealed class ClientTestContext : IAsyncDisposable
{
    /// <summary>Retries at once, then after 20 and 50 ms, then every 100 ms; no jitter.</summary>
    public static readonly RelayRetryPolicy FastPolicy = new([TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50)], TimeSpan.FromMilliseconds(100)) { Jitter = 0 };

    private readonly Microsoft.Extensions.Logging.ILoggerFactory _loggerFactory = ClientTestLoggerProvider.CreateFactory();

    public ClientTestContext(Uri url, RelayProtocol protocol, IRetryPolicy? policy = null, Func<Task<string?>>? accessToken = null)
    {
        Client = new RelayClient(new RelayClientOptions
        {
            Url = url,
            Protocol = protocol,
            ReconnectPolicy = policy ?? FastPolicy,
            AccessTokenProvider = accessToken,
            LoggerFactory = _loggerFactory,
        });
        Client.TickReceived += (_, m) => Ticks.Enqueue(m);
        Client.QuoteReceived += (_, m) => Quotes.Enqueue(m);
        Client.FullReceived += (_, m) => Fulls.Enqueue(m);
        Client.StateChanged += (_, e) => States.Enqueue(e.Current);
        Client.Resubscribed += (_, e) => Resubscribes.Enqueue(e.Results);
    }

    public RelayClient Client { get; }

    public ConcurrentQueue<TickMessage> Ticks { get; } = new();

    public ConcurrentQueue<QuoteMessage> Quotes { get; } = new();

    public ConcurrentQueue<FullMessage> Fulls { get; } = new();

    public ConcurrentQueue<RelayConnectionState> States { get; } = new();

    public ConcurrentQueue<IReadOnlyList<InstrumentSubscriptionResult>> Resubscribes { get; } = new();

    public static bool Is(TickMessage m, InstrumentKey key, double? ltp = null) => IsKey(m.ExchangeSegment, m.SecurityId, key) && (ltp is null || m.Ltp == ltp);

    public static bool Is(QuoteMessage m, InstrumentKey key, double? ltp = null) => IsKey(m.ExchangeSegment, m.SecurityId, key) && (ltp is null || m.Ltp == ltp);

    public static bool Is(FullMessage m, InstrumentKey key, double? ltp = null) => IsKey(m.ExchangeSegment, m.SecurityId, key) && (ltp is null || m.Ltp == ltp);

    public bool HasTick(InstrumentKey key, double? ltp = null) => Ticks.Any(m => Is(m, key, ltp));

    /// <summary>Publishes one round for <paramref name="key"/> and waits until its tick with <paramref name="ltp"/> arrives.</summary>
    public async Task PublishUntilTickAsync(ClientTestServer server, InstrumentKey key, double ltp, CancellationToken cancellationToken)
    {
        await server.PublishAsync(key, ltp);
        await ClientTestWait.UntilAsync(() => HasTick(key, ltp), $"a tick of {key} at {ltp} arrived", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static bool IsKey(string segment, string id, InstrumentKey key) => segment == key.Segment.ToString() && id == key.SecurityIdText;
}
