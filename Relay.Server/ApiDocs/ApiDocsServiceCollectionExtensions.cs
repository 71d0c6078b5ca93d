using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Relay.Server.Auth;
using Scalar.AspNetCore;

namespace Relay.Server.ApiDocs;

/// <summary>The OpenAPI document of every REST endpoint and a browsable reference page, both served by Relay itself.</summary>
internal static class ApiDocsServiceCollectionExtensions
{
    /// <summary>The OpenAPI document's path.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The reference page's path.</summary>
    public const string ReferencePath = "/docs";

    private const string BearerScheme = "userToken";
    private const string AdminKeyScheme = "adminKey";

    /// <summary>Adds the OpenAPI document <c>v1</c>, describing the user-token and admin-key security schemes per operation.</summary>
    public static IServiceCollection AddRelayApiDocs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Relay",
                    Version = "v1",
                    Description = "REST API of Relay, the DhanHQ market-data relay. Market data streams over SignalR at /hubs/market and the seed protocol at /ws (see the README). "
                        + $"User endpoints take a user token (Authorization: Bearer rly_...); admin endpoints take the admin key ({AuthSchemes.AdminKeyHeader} header).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A user token (rly_...), created through POST /api/admin/users. Optional for calls from localhost when Relay:Auth:RequireUserTokens is false.",
                };
                document.Components.SecuritySchemes[AdminKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = AuthSchemes.AdminKeyHeader,
                    Description = "The admin key: printed at first start and kept in the data folder's admin-key file, or Relay:Auth:AdminKey.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                var scheme = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthPolicies.Admin) ? AdminKeyScheme : BearerScheme;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>
    /// Maps the OpenAPI document at <see cref="DocumentPath"/> and the reference page at <see cref="ReferencePath"/>
    /// (its script is served by Relay; no CDN, fonts or telemetry), open to anyone: they describe, they reveal nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapRelayApiDocs(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, static options => options
            .WithTitle("Relay API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .HideClientButton())
            .AllowAnonymous();
        return endpoints;
    }
}
