using System.Collections.Concurrent;

namespace Relay.Server.Broadcast;

/// <summary>
/// SignalR connections that had updates dropped at their pending cap and have since drained: the broadcaster sends
/// each of them the newest state of the instruments it missed, so a client that fell behind never keeps a stale price
/// after the instrument goes quiet.
/// </summary>
/// <remarks>
/// Written from write-completion threads, read by the broadcaster loop. Each connection is queued at most once at a
/// time (<see cref="HubSubscriber"/> guards it), so the queue never holds more entries than there are connections.
/// </remarks>
internal sealed class CatchUpQueue
{
    private readonly ConcurrentQueue<HubSubscriber> _queue = new();
    private Action? _signal;

    /// <summary>Connections waiting to be caught up.</summary>
    public int Count => _queue.Count;

    /// <summary>Sets the callback that wakes the broadcaster; called when a connection is queued.</summary>
    public void Attach(Action signal) => Volatile.Write(ref _signal, signal);

    /// <summary>Removes the wake-up callback.</summary>
    public void Detach() => Volatile.Write(ref _signal, null);

    /// <summary>Queues <paramref name="subscriber"/> and wakes the broadcaster.</summary>
    public void Enqueue(HubSubscriber subscriber)
    {
        _queue.Enqueue(subscriber);
        Volatile.Read(ref _signal)?.Invoke();
    }

    /// <summary>Takes the next connection to catch up.</summary>
    public bool TryDequeue(out HubSubscriber subscriber) => _queue.TryDequeue(out subscriber!);
}
