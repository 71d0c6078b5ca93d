namespace Relay.Server.Storage;

/// <summary>Whether broker credentials are stored, without revealing them.</summary>
/// <param name="IsSet">True when credentials are stored.</param>
/// <param name="UpdatedAt">When they were last stored, or <c>null</c> when none are.</param>
internal sealed record FeedCredentialStatus(bool IsSet, DateTimeOffset? UpdatedAt);
