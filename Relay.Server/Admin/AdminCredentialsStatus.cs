namespace Relay.Server.Admin;

/// <summary>Whether broker credentials are known, never what they are.</summary>
/// <param name="Stored">True when credentials were stored through the admin API.</param>
/// <param name="StoredAt">When they were stored, or <c>null</c>.</param>
/// <param name="Configured">True when <c>Relay:Feed:ClientId</c>/<c>AccessToken</c> are set.</param>
/// <param name="InUse">What the feed uses: <c>stored</c>, <c>configured</c>, <c>simulator</c> (its own) or <c>none</c>.</param>
internal sealed record AdminCredentialsStatus(bool Stored, DateTimeOffset? StoredAt, bool Configured, string InUse);
