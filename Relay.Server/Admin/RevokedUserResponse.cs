namespace Relay.Server.Admin;

/// <summary>Answer of <c>DELETE /api/admin/users/{id}</c>.</summary>
/// <param name="Id">The user id.</param>
/// <param name="RevokedAt">When the token was revoked.</param>
/// <param name="ClosedConnections">Live hub connections and <c>/ws</c> sockets closed now.</param>
internal sealed record RevokedUserResponse(long Id, DateTimeOffset? RevokedAt, int ClosedConnections);
