namespace Relay.Server.Storage;

/// <summary>A newly created user and its token: the only time the token is ever available. Show it once.</summary>
/// <param name="User">The user.</param>
/// <param name="Token">The bearer token (only its SHA-256 is stored).</param>
internal sealed record CreatedUser(User User, string Token)
{
    /// <summary>Redacted: the token never reaches a log through this type.</summary>
    public override string ToString() => $"CreatedUser {{ User = {User}, Token = *** }}";
}
