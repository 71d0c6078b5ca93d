using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relay.Tests.Support;

/// <summary>
/// Test authentication for the trading API until the real auth layer lands: the <see cref="Header"/> header (or a
/// bearer token <c>user-{id}</c>, header or <c>access_token</c> query) carries the user id, which becomes the
/// <see cref="ClaimTypes.NameIdentifier"/> claim. Neither → not authenticated.
/// </summary>
internal sealed class TradingTestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TradingTest";

    public const string Header = "X-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers.TryGetValue(Header, out var header) ? header.ToString() : null;
        var bearer = Request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            ? authorization[7..]
            : Request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(value) && bearer.StartsWith("user-", StringComparison.Ordinal))
        {
            value = bearer["user-".Length..];
        }

        if (string.IsNullOrEmpty(value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, value)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
