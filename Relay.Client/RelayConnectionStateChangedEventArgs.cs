namespace Relay.Client;

/// <summary>Data of <see cref="RelayClient.StateChanged"/>.</summary>
public sealed class RelayConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="previous">The state before the change.</param>
    /// <param name="current">The new state.</param>
    /// <param name="error">Why the connection was lost or could not be made; <c>null</c> for a normal change.</param>
    public RelayConnectionStateChangedEventArgs(RelayConnectionState previous, RelayConnectionState current, Exception? error)
    {
        Previous = previous;
        Current = current;
        Error = error;
    }

    /// <summary>The state before the change.</summary>
    public RelayConnectionState Previous { get; }

    /// <summary>The new state.</summary>
    public RelayConnectionState Current { get; }

    /// <summary>Why the connection was lost or could not be made; <c>null</c> for a normal change.</summary>
    public Exception? Error { get; }
}
