using Microsoft.AspNetCore.Http;
using Relay.Server.Compat;
using MarketHubContract = Relay.Core.Contracts.MarketHub;

namespace Relay.Server.Auth;

/// <summary>Where a request carries a user token.</summary>
internal static class RequestTokens
{
    /// <summary>The query parameter browsers use for WebSocket and SignalR requests, which cannot carry headers.</summary>
    public const string QueryParameter = "access_token";

    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// The user token of <paramref name="request"/>: <c>Authorization: Bearer ...</c>, or the <c>access_token</c>
    /// query parameter on the hub and <c>/ws</c> only (elsewhere a token in a URL is refused: URLs get logged and
    /// end up in browser history).
    /// </summary>
    public static string? Find(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[BearerPrefix.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        if (AcceptsQueryToken(request) && request.Query[QueryParameter].ToString() is { Length: > 0 } queryToken)
        {
            return queryToken;
        }

        return null;
    }

    /// <summary>True for the SignalR hub (negotiate, WebSockets, SSE, long polling) and <c>/ws</c>.</summary>
    public static bool AcceptsQueryToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments(MarketHubContract.Path, StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments(CompatEndpoints.Path, StringComparison.OrdinalIgnoreCase);
    }
}
