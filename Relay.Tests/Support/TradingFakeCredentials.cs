using Relay.Core.Upstream;
using Relay.Server.Trading;

namespace Relay.Tests.Support;

/// <summary>Fixed DhanHQ credentials for the proxy tests; <see cref="Current"/> may be set to null.</summary>
internal sealed class TradingFakeCredentials : IBrokerCredentialsProvider
{
    public const string ClientId = "1000000001";

    public const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.secret-token-payload.sig";

    public FeedCredentials? Current { get; set; } = new(ClientId, AccessToken);

    public ValueTask<FeedCredentials?> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Current);
}
