namespace Relay.Server.Storage;

/// <summary>A Relay user (an API client). Never carries the token or its hash.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">A label chosen by the admin.</param>
/// <param name="IsAdmin">True when the user may call the admin API.</param>
/// <param name="CreatedAt">When the user was created.</param>
/// <param name="RevokedAt">When the token was revoked, or <c>null</c> while it is active.</param>
internal sealed record User(long Id, string Name, bool IsAdmin, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>True while the token has not been revoked.</summary>
    public bool IsActive => RevokedAt is null;
}
