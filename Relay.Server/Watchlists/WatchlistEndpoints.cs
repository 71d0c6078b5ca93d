using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Relay.Core.Contracts;
using Relay.Server.Auth;
using Relay.Server.Storage;

namespace Relay.Server.Watchlists;

/// <summary>The current user's watchlist: <c>GET</c> and <c>PUT /api/watchlist</c>.</summary>
internal static class WatchlistEndpoints
{
    /// <summary>Maps the group (user token, or the local user on a loopback start).</summary>
    public static RouteGroupBuilder MapWatchlistEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/watchlist").WithTags("Watchlist").RequireAuthorization(AuthPolicies.User);
        group.MapGet("", GetAsync)
            .WithName("GetWatchlist")
            .WithSummary("The current user's watchlist, in order.");
        group.MapPut("", PutAsync)
            .WithName("PutWatchlist")
            .WithSummary($"Replaces the current user's watchlist (at most {WatchlistRepository.MaxInstruments} instruments; a repeat keeps its first place).");
        return group;
    }

    internal static async Task<Results<Ok<WatchlistBody>, UnauthorizedHttpResult>> GetAsync(ClaimsPrincipal user, WatchlistRepository watchlists, CancellationToken cancellationToken)
    {
        if (user.GetUserId() is not { } userId)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(WatchlistBody.From(await watchlists.GetAsync(userId, cancellationToken)));
    }

    internal static async Task<Results<Ok<WatchlistBody>, ValidationProblem, UnauthorizedHttpResult>> PutAsync(
        WatchlistBody? body,
        ClaimsPrincipal user,
        WatchlistRepository watchlists,
        CancellationToken cancellationToken)
    {
        if (user.GetUserId() is not { } userId)
        {
            return TypedResults.Unauthorized();
        }

        if (body?.Instruments is not { } instruments)
        {
            return Invalid("instruments", "Send { \"instruments\": [{ \"exchangeSegment\": \"NSE_EQ\", \"securityId\": \"1333\" }, ...] }.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var keys = new List<InstrumentKey>(instruments.Count);
        for (var i = 0; i < instruments.Count && errors.Count < 20; i++)
        {
            var instrument = instruments[i];
            if (!InstrumentKey.TryCreate(instrument?.ExchangeSegment ?? "", instrument?.SecurityId ?? "", out var key, out var error))
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"instruments[{i}]")] = [error];
                continue;
            }

            keys.Add(key);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The watchlist holds invalid instruments; nothing was saved.");
        }

        if (keys.Distinct().Count() > WatchlistRepository.MaxInstruments)
        {
            return Invalid("instruments", $"A watchlist holds at most {WatchlistRepository.MaxInstruments} instruments.");
        }

        return TypedResults.Ok(WatchlistBody.From(await watchlists.ReplaceAsync(userId, keys, cancellationToken)));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The watchlist is invalid; nothing was saved.");
}
