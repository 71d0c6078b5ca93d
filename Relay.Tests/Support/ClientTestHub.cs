using Microsoft.AspNetCore.SignalR;
using Relay.Core.Contracts;

namespace Relay.Tests.Support;

/// <summary>
/// A stand-in for the relay's market hub with exactly the contract's methods: records calls, joins the caller to one
/// group per instrument and mode (<see cref="GroupName"/>), answers with results and snapshots from <see cref="ClientTestHubState"/>.
/// </summary>
internal sealed class ClientTestHub(ClientTestHubState state) : Hub<IMarketClient>
{
    public static string GroupName(InstrumentKey instrument, FeedMode mode) => $"{instrument}|{mode}";

    public override async Task OnConnectedAsync()
    {
        var request = Context.GetHttpContext()?.Request;
        var token = request?.Headers.Authorization.ToString() is { Length: > 0 } header
            ? header["Bearer ".Length..]
            : request?.Query["access_token"].ToString();
        state.Connected(Context, string.IsNullOrEmpty(token) ? null : token);
        await Clients.Caller.FeedStatus(state.FeedStatus);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        state.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<SubscriptionResult[]> Subscribe(IReadOnlyList<InstrumentRef> instruments, string mode)
    {
        var keys = new List<InstrumentKey>();
        var results = new List<SubscriptionResult>();
        foreach (var instrument in instruments)
        {
            if (!Enum.TryParse<FeedMode>(mode, ignoreCase: false, out var feedMode) || !Enum.IsDefined(feedMode))
            {
                results.Add(new SubscriptionResult { ExchangeSegment = instrument.ExchangeSegment, SecurityId = instrument.SecurityId, Reason = $"Unknown mode '{mode}'." });
                continue;
            }

            if (!InstrumentKey.TryCreate(instrument.ExchangeSegment, instrument.SecurityId, out var key, out var error))
            {
                results.Add(new SubscriptionResult { ExchangeSegment = instrument.ExchangeSegment, SecurityId = instrument.SecurityId, Reason = error });
                continue;
            }

            keys.Add(key);
            if (state.Rejections.TryGetValue(key, out var reason))
            {
                results.Add(new SubscriptionResult { ExchangeSegment = instrument.ExchangeSegment, SecurityId = instrument.SecurityId, Reason = reason });
                continue;
            }

            await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(key, feedMode));
            results.Add(new SubscriptionResult
            {
                ExchangeSegment = instrument.ExchangeSegment,
                SecurityId = instrument.SecurityId,
                Accepted = true,
                Snapshot = state.Snapshots.GetValueOrDefault(key),
            });
        }

        state.Record(new ClientTestHubCall(Context.ConnectionId, nameof(Subscribe), keys, mode));
        return [.. results];
    }

    public async Task Unsubscribe(IReadOnlyList<InstrumentRef> instruments, string mode)
    {
        var keys = new List<InstrumentKey>();
        foreach (var instrument in instruments)
        {
            if (InstrumentKey.TryCreate(instrument.ExchangeSegment, instrument.SecurityId, out var key, out _))
            {
                keys.Add(key);
                await Groups.RemoveFromGroupAsync(Context.ConnectionId, $"{key}|{mode}");
            }
        }

        state.Record(new ClientTestHubCall(Context.ConnectionId, nameof(Unsubscribe), keys, mode));
    }
}
