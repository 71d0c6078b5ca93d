namespace Relay.Core.Upstream;

/// <summary>
/// Where the upstream sockets connect, and with which credentials, resolved at every connection attempt:
/// DhanHQ's URL from <see cref="FeedOptions.Url"/> with the stored credentials, or the embedded simulator's URL
/// (only known once it listens) with the credentials it accepts.
/// </summary>
internal interface IUpstreamEndpoint
{
    /// <summary>The base WebSocket URL, without query string.</summary>
    Uri BaseUrl { get; }

    /// <summary>
    /// The credentials to connect with, given those of the <see cref="FeedCredentialStore"/> (<paramref name="stored"/>,
    /// <c>null</c> when it holds none); <c>null</c> means "wait for credentials".
    /// </summary>
    FeedCredentials? SelectCredentials(FeedCredentials? stored);
}
