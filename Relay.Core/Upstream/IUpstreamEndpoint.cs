namespace Relay.Core.Upstream;

/// <summary>
/// Where the upstream sockets connect, resolved at every connection attempt: DhanHQ's URL from
/// <see cref="FeedOptions.Url"/>, or the embedded simulator's, which is only known once it listens.
/// </summary>
internal interface IUpstreamEndpoint
{
    /// <summary>The base WebSocket URL, without query string.</summary>
    Uri BaseUrl { get; }

    /// <summary>Credentials to use when the credential store holds none; <c>null</c> means "wait for credentials".</summary>
    FeedCredentials? FallbackCredentials { get; }
}
