using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Server.Hubs;

namespace Relay.Server.Auth;

/// <summary>Registers who may use Relay: user tokens, the local user, the admin key, CORS and the listen-address guard.</summary>
internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="AuthSchemes.User"/> and <see cref="AuthSchemes.Admin"/> schemes, the policies of
    /// <see cref="AuthPolicies"/> (the user policy is also the default and the fallback: an endpoint is closed unless
    /// it says otherwise), the CORS default policy (configured origins only), the admin key and local user set-up at
    /// start, the tracking of users' connections, and the refusal of a non-loopback start without user tokens
    /// (section <c>Relay:Auth</c>, validated at start).
    /// </summary>
    public static IServiceCollection AddRelayAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StartupConsole(Console.Out));
        services.AddSingleton<AdminKeyStore>();
        services.AddSingleton<LocalUserAccount>();
        services.AddSingleton<UserTokenValidator>();
        services.AddSingleton<UserConnections>();
        services.AddHostedService<AuthStartup>();
        services.AddTransient<IStartupFilter, ListenAddressGuard>();

        services.AddAuthentication(AuthSchemes.User)
            .AddScheme<AuthenticationSchemeOptions, UserTokenAuthenticationHandler>(AuthSchemes.User, null)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AuthSchemes.Admin, null);

        var user = new AuthorizationPolicyBuilder(AuthSchemes.User).RequireAuthenticatedUser().Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(user)
            .SetFallbackPolicy(user)
            .AddPolicy(AuthPolicies.User, user)
            .AddPolicy(AuthPolicies.Admin, policy => policy.AddAuthenticationSchemes(AuthSchemes.Admin).RequireRole(RelayClaims.AdminRole));
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>(static (authorization, auth) =>
        {
            var requireKey = auth.Value.MetricsRequireAdminKey;
            authorization.AddPolicy(AuthPolicies.Metrics, policy => policy.AddAuthenticationSchemes(AuthSchemes.Admin).RequireAssertion(context =>
                context.User.IsInRole(RelayClaims.AdminRole)
                || (!requireKey && context.Resource is HttpContext http && LoopbackRequests.IsLocal(http, strict: false))));
        });

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<AuthOptions>>(static (cors, auth) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(auth.Value.CorsOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials() // SignalR's browser client sends credentials cross-origin.
                .WithExposedHeaders("Retry-After")));

        services.AddSingleton<UserConnectionHubFilter>();
        services.Configure<HubOptions<MarketHub>>(static hub => hub.AddFilter<UserConnectionHubFilter>());

        // Request lines carry query strings, and browsers must put the hub's access_token there: keep them out of logs.
        services.Configure<LoggerFilterOptions>(static logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }

    /// <summary>Tracks <c>/ws</c> sockets per user (after authorization), so revoking a user closes them.</summary>
    public static IApplicationBuilder UseRelayConnectionTracking(this IApplicationBuilder app) =>
        app.UseMiddleware<CompatConnectionTracking>();
}
