using Relay.Server.Broadcast;

namespace Relay.Server.Compat;

/// <summary>One <c>/ws</c> socket as the broadcaster sees it: Ticker mode only, fed through a bounded outbox.</summary>
internal sealed class CompatSubscriber : Subscriber
{
    private volatile bool _shuttingDown;

    /// <summary>Creates a subscriber with a fresh <c>ws:&lt;guid&gt;</c> connection id.</summary>
    public CompatSubscriber(CompatOutbox outbox)
        : base("ws:" + Guid.NewGuid().ToString("N"))
    {
        Outbox = outbox;
    }

    /// <summary>What waits to be sent on the socket.</summary>
    public CompatOutbox Outbox { get; }

    /// <summary>True once the server asked the socket to close (it is shutting down).</summary>
    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Queues a last status message and completes the outbox: the session flushes it and closes the socket.</summary>
    public void BeginShutdown(byte[] finalStatus)
    {
        _shuttingDown = true;
        Outbox.TryEnqueueControl(finalStatus);
        Outbox.Complete();
    }
}
