using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Hubs;

namespace Relay.Server.Market;

/// <summary>The market REST group: <c>GET /api/market/snapshot?instruments=NSE_EQ:1333,BSE_EQ:500325</c>.</summary>
internal static class MarketEndpoints
{
    /// <summary>Maps <c>/api/market</c>.</summary>
    public static RouteGroupBuilder MapMarketEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/market").WithTags("Market");
        group.MapGet("/snapshot", GetSnapshot)
            .WithName("GetMarketSnapshot")
            .WithSummary("Last known state of instruments")
            .WithDescription("Comma-separated SEGMENT:SECURITY_ID keys. Instruments never received are listed under 'missing' with a reason.");
        return group;
    }

    /// <summary>The handler; public for tests.</summary>
    internal static Results<Ok<MarketSnapshotResponse>, ProblemHttpResult> GetSnapshot(string? instruments, IMarketStateReader state, IOptions<MarketHubOptions> options)
    {
        if (string.IsNullOrWhiteSpace(instruments))
        {
            return Problem("Missing 'instruments': pass comma-separated keys such as NSE_EQ:1333,BSE_EQ:500325.");
        }

        var texts = instruments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var max = options.Value.MaxInstrumentsPerCall;
        if (texts.Length > max)
        {
            return Problem($"Too many instruments: {texts.Length} (at most {max}).");
        }

        var keys = new List<InstrumentKey>(texts.Length);
        var seen = new HashSet<InstrumentKey>();
        foreach (var text in texts)
        {
            InstrumentKey key;
            try
            {
                key = InstrumentKey.Parse(text);
            }
            catch (FormatException ex)
            {
                return Problem(ex.Message);
            }

            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        if (keys.Count == 0)
        {
            return Problem("Missing 'instruments': pass comma-separated keys such as NSE_EQ:1333,BSE_EQ:500325.");
        }

        var snapshots = new List<FullMessage>(keys.Count);
        var missing = new List<MissingInstrument>();
        foreach (var key in keys)
        {
            if (state.TryGet(key, out var snapshot))
            {
                snapshots.Add(MarketMessages.ToFull(snapshot));
            }
            else
            {
                missing.Add(new MissingInstrument
                {
                    ExchangeSegment = ExchangeSegments.Name(key.Segment),
                    SecurityId = key.SecurityIdText,
                    Reason = "No data received for this instrument yet (not subscribed by any client, or no trade since it was).",
                });
            }
        }

        return TypedResults.Ok(new MarketSnapshotResponse { Snapshots = snapshots, Missing = missing });
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid instruments");
}
