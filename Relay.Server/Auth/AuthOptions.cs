using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Auth;

/// <summary>Who may use Relay (section <c>Relay:Auth</c>). See the README's "Security model".</summary>
internal sealed class AuthOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Auth";

    /// <summary>The environment variable that turns user tokens on, named in the refusal message.</summary>
    public const string RequireUserTokensVariable = "Relay__Auth__RequireUserTokens";

    /// <summary>
    /// True: every hub, <c>/ws</c> and user REST call needs a user token. False (default): on a loopback-only start,
    /// a call without a token acts as the built-in local user. Relay refuses to start on any non-loopback address
    /// unless this is true.
    /// </summary>
    public bool RequireUserTokens { get; set; }

    /// <summary>
    /// The admin key (header <c>X-Relay-Admin-Key</c>), at least 24 characters; <c>null</c> (default): Relay generates
    /// one at first start, keeps it in <c>admin-key</c> in the data folder (mode 600) and prints it once.
    /// </summary>
    [MinLength(24)]
    [MaxLength(512)]
    public string? AdminKey { get; set; }

    /// <summary>
    /// Origins (<c>https://app.example.com</c>) whose pages may call Relay from a browser (CORS). Default none: only
    /// pages Relay serves itself.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// How long a checked user token is remembered before the database is asked again. Revoking a token through the
    /// admin API forgets it at once. Default 30 seconds; 0 (no cache) to 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True: <c>/metrics</c> always needs the admin key. False (default): loopback clients (a local Prometheus) may
    /// scrape without it; others always need it.
    /// </summary>
    public bool MetricsRequireAdminKey { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                yield return new ValidationResult($"CorsOrigins: '{origin}' is not an origin; write scheme, host and port only, e.g. https://app.example.com.", [nameof(CorsOrigins)]);
            }
        }
    }
}
