namespace Relay.Core.Upstream;

/// <summary>DhanHQ credentials. <see cref="ToString"/> never prints them.</summary>
/// <param name="ClientId">The Dhan client id.</param>
/// <param name="AccessToken">The 24-hour access token (JWT).</param>
public sealed record FeedCredentials(string ClientId, string AccessToken)
{
    /// <summary>Redacted: secrets never reach a log through this type.</summary>
    public override string ToString() => "FeedCredentials { ClientId = ***, AccessToken = *** }";
}
