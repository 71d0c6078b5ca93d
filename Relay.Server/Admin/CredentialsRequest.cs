namespace Relay.Server.Admin;

/// <summary>
/// <c>PUT /api/admin/credentials</c>: DhanHQ credentials. Write-only: stored encrypted, never returned or logged.
/// A class, not a record: a record's <c>ToString</c> would print the token.
/// </summary>
internal sealed class CredentialsRequest
{
    /// <summary>The Dhan client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The Dhan access token (a JWT, valid 24 h).</summary>
    public string? AccessToken { get; set; }
}
