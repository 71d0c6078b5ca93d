namespace Relay.Core.Upstream;

/// <summary>Sends JSON requests on one of the upstream sockets (the seam between the subscription set and the sockets).</summary>
internal interface IUpstreamRequestSender
{
    /// <summary>
    /// Sends one UTF-8 JSON request as a text frame on socket <paramref name="socket"/> (0-based). Returns
    /// false without throwing when that socket is not connected: the full set is replayed when it connects.
    /// </summary>
    ValueTask<bool> TrySendAsync(int socket, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
