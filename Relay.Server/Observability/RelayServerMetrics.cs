using System.Diagnostics.Metrics;
using Relay.Core.Contracts;
using Relay.Core.Subscriptions;
using Relay.Server.Broadcast;

namespace Relay.Server.Observability;

/// <summary>
/// The server's own instruments on the <see cref="MeterName"/> meter: connected clients (by transport), upstream
/// subscriptions (by mode), limit refusals (by limit) and authentication failures (by credential). The gauges read
/// the registry and the subscription set when collected.
/// </summary>
internal sealed class RelayServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Relay.Server";

    /// <summary>The <c>limit</c> tag of REST rate-limit refusals.</summary>
    public const string RestLimit = "rest";

    /// <summary>The <c>limit</c> tag of hub calls over the per-second limit.</summary>
    public const string HubCallsLimit = "hub-calls";

    /// <summary>The <c>limit</c> tag of Subscribe calls over the per-user instrument limit.</summary>
    public const string UserInstrumentsLimit = "user-instruments";

    private readonly Meter _meter;
    private readonly Counter<long> _limitRejected;
    private readonly Counter<long> _authFailed;

    /// <summary>Creates the meter and its instruments.</summary>
    public RelayServerMetrics(IMeterFactory meterFactory, SubscriberRegistry registry, SubscriptionSet subscriptions)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(subscriptions);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge(
            "relay.clients.connected",
            () => (IEnumerable<Measurement<int>>)
            [
                new(registry.HubCount, new KeyValuePair<string, object?>("transport", "hub")),
                new(registry.CompatCount, new KeyValuePair<string, object?>("transport", "ws")),
            ],
            "{connection}",
            "Connected clients, by transport (hub: SignalR, ws: the seed protocol).");
        _meter.CreateObservableGauge(
            "relay.upstream.subscriptions",
            () => CountByMode(subscriptions),
            "{instrument}",
            "Instruments subscribed upstream, by the mode the upstream carries (the richest any client wants).");
        _limitRejected = _meter.CreateCounter<long>("relay.limits.rejected", "{request}", "Calls refused by a per-user limit, by limit.");
        _authFailed = _meter.CreateCounter<long>("relay.auth.failures", "{request}", "Requests with a wrong admin key or an unknown or revoked user token.");
    }

    /// <summary>Counts a call refused by <paramref name="limit"/>.</summary>
    public void LimitRejected(string limit) => _limitRejected.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>Counts a request with a bad <paramref name="credential"/> (<c>user-token</c> or <c>admin-key</c>).</summary>
    public void AuthenticationFailed(string credential) => _authFailed.Add(1, new KeyValuePair<string, object?>("credential", credential));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static Measurement<int>[] CountByMode(SubscriptionSet subscriptions)
    {
        var (ticker, quote, full) = subscriptions.CountByMode();
        return
        [
            new(ticker, new KeyValuePair<string, object?>("mode", "ticker")),
            new(quote, new KeyValuePair<string, object?>("mode", "quote")),
            new(full, new KeyValuePair<string, object?>("mode", "full")),
        ];
    }
}
