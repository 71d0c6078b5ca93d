namespace Relay.Core.Upstream;

/// <summary>Told when an upstream socket has (re)connected and holds no subscriptions yet.</summary>
internal interface IUpstreamSessionListener
{
    /// <summary>
    /// Socket <paramref name="socket"/> just opened a new session: nothing is subscribed on it. The listener
    /// replays the socket's whole desired set (in requests of at most 100) before returning.
    /// </summary>
    ValueTask OnSessionStartedAsync(int socket, CancellationToken cancellationToken);

    /// <summary>Socket <paramref name="socket"/> lost its session; whatever was sent on it is gone.</summary>
    void OnSessionEnded(int socket);
}
