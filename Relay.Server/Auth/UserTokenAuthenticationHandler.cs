using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Relay.Server.Observability;

namespace Relay.Server.Auth;

/// <summary>
/// Authenticates Relay users: a user token (see <see cref="RequestTokens.Find"/>), checked against the stored hashes;
/// without one, on a token-less loopback start, the built-in local user. An unknown or revoked token fails (401)
/// rather than falling back to the local user. Challenges and forbids answer with problem details.
/// </summary>
internal sealed class UserTokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly UserTokenValidator _validator;
    private readonly LocalUserAccount _localUser;
    private readonly AuthOptions _auth;
    private readonly RelayServerMetrics _metrics;

    public UserTokenAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        UserTokenValidator validator,
        LocalUserAccount localUser,
        IOptions<AuthOptions> auth,
        RelayServerMetrics metrics)
        : base(options, logger, encoder)
    {
        _validator = validator;
        _localUser = localUser;
        _auth = auth.Value;
        _metrics = metrics;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = RequestTokens.Find(Request);
        if (token is not null)
        {
            var user = await _validator.ValidateAsync(token, Context.RequestAborted);
            if (user is null)
            {
                _metrics.AuthenticationFailed("user-token");
                return AuthenticateResult.Fail("The access token is unknown or revoked.");
            }

            return Success(RelayClaims.ForUser(user.Id, user.Name, Scheme.Name, isLocal: false));
        }

        if (!_auth.RequireUserTokens && _localUser.User is { } local && LoopbackRequests.IsLocal(Context, strict: true))
        {
            return Success(RelayClaims.ForUser(local.Id, local.Name, Scheme.Name, isLocal: true));
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AuthProblems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            _auth.RequireUserTokens
                ? "Send a user token: 'Authorization: Bearer rly_...' (or access_token=... on the hub and /ws). An admin creates users and tokens through POST /api/admin/users."
                : "Send a user token ('Authorization: Bearer rly_...'), or call from this machine (localhost) without one.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This user may not do that.");

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
}
