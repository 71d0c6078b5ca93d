using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Client;
using Relay.Core.Contracts;

namespace Relay.Bench.Load;

/// <summary>
/// A few real <see cref="RelayClient"/> connections run beside the lightweight ones, to check that what the raw clients
/// measure is what the real client sees (latency taken when its <see cref="RelayClient.TickReceived"/> fires).
/// Accounted like the others, reported in the <see cref="ConnectionGroup.Fidelity"/> group.
/// </summary>
internal sealed class FidelityClients : IAsyncDisposable
{
    private readonly List<(RelayClient Client, DeliveryTracker Tracker, InstrumentKey[] Instruments)> _clients = [];
    private readonly SendLedger _ledger;

    /// <summary>Creates <paramref name="count"/> clients numbered from <paramref name="firstClient"/>.</summary>
    public FidelityClients(Uri hub, HubProtocolKind protocol, SendLedger ledger, int firstClient, int count, int perClient, int universe, int seed, long firstSecurityId, string segment)
    {
        ArgumentNullException.ThrowIfNull(hub);
        _ledger = ledger;
        var server = new Uri($"http://{hub.Authority}{hub.AbsolutePath}");
        var exchange = ExchangeSegments.Parse(segment);
        var time = TimeProvider.System;
        for (var i = 0; i < count; i++)
        {
            var instruments = InstrumentAssignment.For(firstClient + i, perClient, universe, seed);
            var tracker = new DeliveryTracker(ledger, instruments, firstSecurityId);
            var builder = RelayClient.Create(server).WithReconnectPolicy(new FixedRetry());
            var client = (protocol == HubProtocolKind.MessagePack ? builder.UseMessagePack() : builder.UseJson()).Build();
            client.TickReceived += (_, message) =>
            {
                var receivedAt = time.GetTimestamp();
                lock (tracker)
                {
                    if (tracker.OnTick(long.Parse(message.SecurityId, CultureInfo.InvariantCulture), message.Ltp, receivedAt))
                    {
                        ledger.AddCounter(LedgerCounter.Complete, 1);
                    }
                }
            };
            _clients.Add((client, tracker, [.. instruments.Select(x => new InstrumentKey(exchange, (uint)(firstSecurityId + x)))]));
        }
    }

    /// <summary>The trackers, one per client.</summary>
    public IEnumerable<DeliveryTracker> Trackers => _clients.Select(c => c.Tracker);

    /// <summary>Sessions that failed to start or instruments refused.</summary>
    public int Failures { get; private set; }

    /// <summary>Why sessions failed: exception type and message, with how often each was seen.</summary>
    public Dictionary<string, int> FailureReasons { get; } = [];

    /// <summary>Connects and subscribes every client, then waits for cancellation (the clients receive meanwhile).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (client, _, instruments) in _clients)
            {
                try
                {
                    await client.ConnectAsync(cancellationToken);
                    var results = await client.SubscribeAsync(instruments, FeedMode.Ticker, cancellationToken);
                    var refused = results.Count(r => !r.IsAccepted);
                    Failures += refused;
                    if (refused > 0)
                    {
                        FailureReason.Count(FailureReasons, "Relay.Client: instruments refused on subscribe", refused);
                    }

                    _ledger.AddCounter(LedgerCounter.Subscribed, 1);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or HubException)
                {
                    Failures++;
                    FailureReason.Count(FailureReasons, ex);
                }
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _, _) in _clients)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>Reconnects after 1 s, always (a bench client must come back quickly and never give up within a run).</summary>
    private sealed class FixedRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromSeconds(1);
    }
}
