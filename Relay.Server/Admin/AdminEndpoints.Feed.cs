using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;
using Relay.Server.Auth;
using Relay.Server.Broadcast;
using Relay.Server.Storage;

namespace Relay.Server.Admin;

/// <summary>Feed, subscriptions, clients and resync.</summary>
internal static partial class AdminEndpoints
{
    internal static async Task<Ok<AdminFeedResponse>> GetFeedAsync(
        UpstreamPool pool,
        UpstreamCounters counters,
        SubscriptionSet subscriptions,
        UpstreamSynchronizer synchronizer,
        CredentialRepository credentials,
        FeedCredentialStore credentialStore,
        IOptions<FeedOptions> feedOptions,
        CancellationToken cancellationToken)
    {
        var status = pool.Status;
        var usage = subscriptions.GetSocketUsage();
        var sockets = pool.GetSocketStatuses().Select(s =>
        {
            var used = s.Socket < usage.Count ? usage[s.Socket] : new SocketUsage(s.Socket, 0, pool.MaxInstrumentsPerSocket);
            return new AdminSocketStatus(
                s.Socket, s.State.ToString(), s.Reason, s.StateSince, s.ConnectedSince, s.LastFrameAt,
                s.Packets, s.Malformed, s.TextFrames, s.Reconnects, s.ConnectionAttempts, used.Used, used.Free);
        }).ToList();

        var total = pool.SocketCount * pool.MaxInstrumentsPerSocket;
        var usedTotal = subscriptions.InstrumentCount;
        return TypedResults.Ok(new AdminFeedResponse(
            feedOptions.Value.Mode.ToString(),
            status.State.ToString(),
            status.Reason,
            status.Since,
            new AdminFeedCapacity(pool.SocketCount, pool.MaxInstrumentsPerSocket, total, usedTotal, Math.Max(0, total - usedTotal)),
            sockets,
            counters.Snapshot(),
            synchronizer.Counters,
            await CredentialsStatusAsync(credentials, credentialStore, feedOptions.Value, cancellationToken)));
    }

    internal static Ok<List<AdminSubscription>> GetSubscriptions(SubscriptionSet subscriptions) =>
        TypedResults.Ok(subscriptions.GetInstruments()
            .OrderBy(s => s.Instrument.Segment)
            .ThenBy(s => s.Instrument.SecurityId)
            .Select(s => new AdminSubscription(
                s.Instrument.ToString(),
                ExchangeSegments.Name(s.Instrument.Segment),
                s.Instrument.SecurityIdText,
                s.Mode.ToString(),
                s.Socket,
                s.References,
                s.TickerReferences,
                s.QuoteReferences,
                s.FullReferences))
            .ToList());

    internal static Ok<List<AdminClient>> GetClients(SubscriberRegistry registry, UserConnections connections, SubscriptionSet subscriptions)
    {
        var users = new Dictionary<string, UserConnection>(StringComparer.Ordinal);
        foreach (var connection in connections.Snapshot())
        {
            if (connection.ConnectionId is { } id)
            {
                users[id] = connection;
            }
        }

        IEnumerable<(Subscriber Subscriber, string Transport)> all =
        [
            .. registry.HubSubscribers.Select(s => ((Subscriber)s, UserConnections.Hub)),
            .. registry.CompatSubscribers.Select(s => ((Subscriber)s, UserConnections.WebSocket)),
        ];
        var clients = new List<AdminClient>();
        foreach (var (subscriber, transport) in all)
        {
            var held = subscriptions.GetHeldBy(subscriber.ConnectionId)
                .OrderBy(h => h.Instrument.Segment).ThenBy(h => h.Instrument.SecurityId).ThenBy(h => h.Mode)
                .Select(h => new AdminHeldInstrument(h.Instrument.ToString(), h.Mode.ToString()))
                .ToList();
            users.TryGetValue(subscriber.ConnectionId, out var user);
            clients.Add(new AdminClient(
                subscriber.ConnectionId,
                transport,
                user?.UserId,
                user?.UserName,
                user?.ConnectedAt,
                held.Select(h => h.Instrument).Distinct(StringComparer.Ordinal).Count(),
                held));
        }

        return TypedResults.Ok(clients);
    }

    internal static async Task<Ok<ResyncResponse>> ResyncAsync(UpstreamSynchronizer synchronizer, CancellationToken cancellationToken)
    {
        var repairs = await synchronizer.ReconcileAsync(cancellationToken);
        return TypedResults.Ok(new ResyncResponse(repairs, synchronizer.Counters.Reconciliations));
    }
}
