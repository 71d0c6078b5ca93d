using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>
/// Registers the relay's server → client callbacks on a connection, by the names of <see cref="IMarketClient"/>'s
/// methods: implementing the interface makes a new or renamed callback a compile error here, and the registered
/// list lets a test check that every callback is registered under exactly its contract name.
/// </summary>
internal sealed class HubCallbacks
{
    private readonly List<HubCallbackRegistration> _registered = [];

    private HubCallbacks()
    {
    }

    /// <summary>What was registered, in order.</summary>
    public IReadOnlyList<HubCallbackRegistration> Registered => _registered;

    /// <summary>Registers every <see cref="IMarketClient"/> callback of <paramref name="connection"/> to <paramref name="target"/>.</summary>
    public static HubCallbacks Register(HubConnection connection, IMarketClient target)
    {
        var callbacks = new HubCallbacks();
        callbacks.Add<TickMessage>(connection, nameof(IMarketClient.Tick), target.Tick);
        callbacks.Add<QuoteMessage>(connection, nameof(IMarketClient.Quote), target.Quote);
        callbacks.Add<FullMessage>(connection, nameof(IMarketClient.Full), target.Full);
        callbacks.Add<FeedStatusMessage>(connection, nameof(IMarketClient.FeedStatus), target.FeedStatus);
        callbacks.Add<OrderUpdateMessage>(connection, nameof(IMarketClient.OrderUpdate), target.OrderUpdate);
        return callbacks;
    }

    private void Add<T>(HubConnection connection, string methodName, Func<T, Task> handler)
    {
        connection.On(methodName, handler);
        _registered.Add(new HubCallbackRegistration(methodName, [typeof(T)]));
    }
}
