namespace Relay.Server.Auth;

/// <summary>Relay's authentication schemes.</summary>
internal static class AuthSchemes
{
    /// <summary>User tokens (<c>Authorization: Bearer rly_...</c>, or <c>access_token</c> on WebSocket/SignalR requests), and the local user.</summary>
    public const string User = "RelayUser";

    /// <summary>The admin key (header <see cref="AdminKeyHeader"/>).</summary>
    public const string Admin = "RelayAdmin";

    /// <summary>The header carrying the admin key. Never accepted in a query string: URLs get logged.</summary>
    public const string AdminKeyHeader = "X-Relay-Admin-Key";
}
