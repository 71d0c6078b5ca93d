using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Relay.Server.Observability;

namespace Relay.Server.Auth;

/// <summary>
/// Authenticates the admin key (header <see cref="AuthSchemes.AdminKeyHeader"/>, never a query parameter). Without
/// the header, a valid user token authenticates a user who is not an admin, so the admin policy answers 403 rather
/// than 401: "who you are is known, and it is not enough". A wrong key or token fails (401).
/// </summary>
internal sealed class AdminKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly AdminKeyStore _adminKey;
    private readonly UserTokenValidator _validator;
    private readonly RelayServerMetrics _metrics;

    public AdminKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        AdminKeyStore adminKey,
        UserTokenValidator validator,
        RelayServerMetrics metrics)
        : base(options, logger, encoder)
    {
        _adminKey = adminKey;
        _validator = validator;
        _metrics = metrics;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(AuthSchemes.AdminKeyHeader, out var values))
        {
            if (values.Count == 1 && _adminKey.IsValid(values[0]))
            {
                return AuthenticateResult.Success(new AuthenticationTicket(RelayClaims.ForAdmin(Scheme.Name), Scheme.Name));
            }

            _metrics.AuthenticationFailed("admin-key");
            return AuthenticateResult.Fail("The admin key is wrong.");
        }

        if (RequestTokens.Find(Request) is { } token)
        {
            if (await _validator.ValidateAsync(token, Context.RequestAborted) is { } user)
            {
                var principal = RelayClaims.ForUser(user.Id, user.Name, Scheme.Name, isLocal: false);
                return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
            }

            // Not counted here: the default scheme already checked (and counted) this token for the same request.
            return AuthenticateResult.Fail("The access token is unknown or revoked.");
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Admin key required",
            $"Send the admin key in the {AuthSchemes.AdminKeyHeader} header (it is printed at first start and kept in the data folder's admin-key file, unless Relay:Auth:AdminKey sets it).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(
            Context,
            StatusCodes.Status403Forbidden,
            "Admin key required",
            $"A user token does not open the admin API: send the admin key in the {AuthSchemes.AdminKeyHeader} header.");
}
