using System.Runtime.CompilerServices;

namespace Relay.Server.Broadcast;

/// <summary>
/// Watches one write of a <see cref="HubSubscriber"/> that did not complete at once, and tells its owner when it
/// does. Pooled per connection and completed through the write's own awaiter, so a connection that falls behind
/// costs no <c>Task</c> or continuation allocation per pending write.
/// </summary>
internal sealed class PendingWrite
{
    private readonly HubSubscriber _owner;
    private readonly Action _completed;
    private ValueTaskAwaiter _awaiter;

    /// <summary>Creates a watcher owned by <paramref name="owner"/>.</summary>
    public PendingWrite(HubSubscriber owner)
    {
        _owner = owner;
        _completed = OnCompleted;
    }

    /// <summary>Starts watching <paramref name="write"/> (not completed yet). Its result is observed exactly once.</summary>
    public void Watch(ValueTask write)
    {
        _awaiter = write.GetAwaiter();
        _awaiter.UnsafeOnCompleted(_completed);
    }

    private void OnCompleted()
    {
        try
        {
            _awaiter.GetResult();
        }
        catch (Exception)
        {
            // Observed: a failed or cancelled write already aborted the connection inside SignalR.
        }

        _awaiter = default;
        _owner.OnWriteCompleted(this);
    }
}
