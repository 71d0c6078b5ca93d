using Relay.Core.Contracts;

namespace Relay.Server.Broadcast;

/// <summary>
/// One client connection as the broadcaster knows it: a SignalR connection (<see cref="HubSubscriber"/>) or a
/// <c>/ws</c> socket (<see cref="Compat.CompatSubscriber"/>). Its membership is changed only by
/// <see cref="SubscriberRegistry"/>, under the registry's lock.
/// </summary>
internal abstract class Subscriber
{
    private volatile bool _closed;

    /// <summary>Creates a subscriber for <paramref name="connectionId"/>.</summary>
    protected Subscriber(string connectionId)
    {
        ConnectionId = connectionId;
    }

    /// <summary>The connection id the feed knows this client by (a SignalR connection id, or <c>ws:&lt;guid&gt;</c>).</summary>
    public string ConnectionId { get; }

    /// <summary>True once the client left: joins are refused and its references are (being) released.</summary>
    public bool IsClosed => _closed;

    /// <summary>Modes held per instrument. Guarded by the registry's lock.</summary>
    internal Dictionary<InstrumentKey, ModeSet> Held { get; } = [];

    /// <summary>Marks the subscriber closed. Called by the registry under its lock.</summary>
    internal void MarkClosed() => _closed = true;
}
