namespace Relay.Server.Admin;

/// <summary>A user as the admin API lists it. Never a token or its hash.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="Active">False once revoked.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or <c>null</c>.</param>
/// <param name="IsLocal">True for the built-in local user of token-less loopback starts.</param>
/// <param name="Connections">Hub connections and <c>/ws</c> sockets it has open now.</param>
internal sealed record AdminUser(long Id, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, bool IsLocal, int Connections);
