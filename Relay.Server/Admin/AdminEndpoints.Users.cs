using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Relay.Server.Auth;
using Relay.Server.Storage;

namespace Relay.Server.Admin;

/// <summary>Users and their tokens.</summary>
internal static partial class AdminEndpoints
{
    internal static async Task<Ok<List<AdminUser>>> ListUsersAsync(
        UserRepository users,
        UserConnections connections,
        LocalUserAccount localUser,
        CancellationToken cancellationToken)
    {
        var open = connections.Snapshot().GroupBy(c => c.UserId).ToDictionary(g => g.Key, g => g.Count());
        var list = (await users.ListAsync(cancellationToken))
            .Select(u => new AdminUser(u.Id, u.Name, u.IsActive, u.CreatedAt, u.RevokedAt, localUser.Is(u.Id), open.GetValueOrDefault(u.Id)))
            .ToList();
        return TypedResults.Ok(list);
    }

    internal static async Task<Results<Created<CreatedUserResponse>, ValidationProblem>> CreateUserAsync(
        CreateUserRequest? body,
        UserRepository users,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var name = body?.Name?.Trim() ?? "";
        if (name.Length is 0 or > UserRepository.MaxNameLength || name.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = [$"A user name is 1 to {UserRepository.MaxNameLength} printable characters."] },
                title: "The user is invalid.");
        }

        if (name.StartsWith('('))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = ["Names starting with '(' are reserved for built-in users."] },
                title: "The user is invalid.");
        }

        var created = await users.CreateAsync(name, isAdmin: false, cancellationToken);
        AdminLog.UserCreated(loggerFactory.CreateLogger(AdminLog.Category), created.User.Id, created.User.Name);
        return TypedResults.Created(
            $"/api/admin/users/{created.User.Id}",
            new CreatedUserResponse(created.User.Id, created.User.Name, created.User.CreatedAt, created.Token));
    }

    internal static async Task<Results<Ok<RevokedUserResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RevokeUserAsync(
        long id,
        UserRepository users,
        UserTokenValidator tokens,
        UserConnections connections,
        LocalUserAccount localUser,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"No user has id {id}." });
        }

        if (localUser.Is(id) || user.Name == LocalUserAccount.Name)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The built-in local user cannot be revoked.",
                Detail = "It has no token; it only exists for token-less calls from this machine. Set Relay:Auth:RequireUserTokens=true to turn those off.",
            });
        }

        await users.RevokeAsync(id, cancellationToken);
        tokens.Forget(id);
        var closed = connections.CloseAll(id);
        var revoked = await users.GetAsync(id, cancellationToken);
        AdminLog.UserRevoked(loggerFactory.CreateLogger(AdminLog.Category), id, closed);
        return TypedResults.Ok(new RevokedUserResponse(id, revoked?.RevokedAt, closed));
    }
}
