namespace Relay.Server.Admin;

/// <summary>Answer of <c>POST /api/admin/users</c>: the only time the token is shown.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">The name.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Token">The user's token (<c>rly_...</c>). Only its SHA-256 is stored: keep it now.</param>
internal sealed record CreatedUserResponse(long Id, string Name, DateTimeOffset CreatedAt, string Token)
{
    /// <summary>Redacted: the token never reaches a log through this type.</summary>
    public override string ToString() => $"CreatedUserResponse {{ Id = {Id}, Name = {Name}, Token = *** }}";
}
