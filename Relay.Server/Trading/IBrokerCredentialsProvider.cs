using Relay.Core.Upstream;

namespace Relay.Server.Trading;

/// <summary>
/// The DhanHQ credentials the order proxy sends (<c>access-token</c> and <c>client-id</c> headers,
/// <c>dhanClientId</c> in bodies): the same ones the feed uses. The default reads the encrypted credential store.
/// </summary>
internal interface IBrokerCredentialsProvider
{
    /// <summary>The current credentials, or <c>null</c> when none are configured.</summary>
    ValueTask<FeedCredentials?> GetAsync(CancellationToken cancellationToken);
}
