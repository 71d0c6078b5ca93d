namespace Relay.Client;

/// <summary>The state of a <see cref="RelayClient"/>'s connection to the relay.</summary>
public enum RelayConnectionState
{
    /// <summary>Not connected and not trying: before <see cref="RelayClient.ConnectAsync"/>, after disposal, or after the reconnect policy gave up.</summary>
    Disconnected,

    /// <summary>The first connection is being made (<see cref="RelayClient.ConnectAsync"/> is running).</summary>
    Connecting,

    /// <summary>Connected, and every desired subscription has been sent on this connection.</summary>
    Connected,

    /// <summary>The connection was lost; the client is reconnecting with its retry policy and will replay its subscriptions.</summary>
    Reconnecting,
}
