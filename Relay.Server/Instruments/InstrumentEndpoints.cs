using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Relay.Server.Instruments;

/// <summary>The instrument REST endpoints.</summary>
internal static class InstrumentEndpoints
{
    /// <summary>The longest search text accepted, in characters.</summary>
    public const int MaxQueryLength = 100;

    /// <summary>
    /// Maps <c>GET /api/instruments/search?q=&amp;limit=</c>. Returns the group so the caller can add
    /// authorization or rate limiting.
    /// </summary>
    public static RouteGroupBuilder MapInstrumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/instruments").WithTags("Instruments");
        group.MapGet("/search", SearchAsync)
            .WithName("SearchInstruments")
            .WithSummary("Searches instruments by symbol and display name (every word must match; exact symbol first).");
        return group;
    }

    /// <summary>
    /// <c>q</c> is required (1..100 characters); <c>limit</c> is optional (default 20, clamped to 1..50).
    /// </summary>
    internal static async Task<Results<Ok<InstrumentSearchResponse>, ValidationProblem>> SearchAsync(
        string? q,
        string? limit,
        InstrumentSearch search,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The search text 'q' is required."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"The search text is at most {MaxQueryLength} characters."];
        }

        var count = InstrumentSearch.DefaultLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
        {
            errors["limit"] = [$"'limit' is a whole number from 1 to {InstrumentSearch.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search request is invalid.");
        }

        var found = await search.SearchAsync(q, count, cancellationToken);
        return TypedResults.Ok(new InstrumentSearchResponse(q!, found.Select(InstrumentDto.From).ToList()));
    }
}
