namespace Relay.Server.Auth;

/// <summary>Relay's authorization policies.</summary>
internal static class AuthPolicies
{
    /// <summary>A user (token or local user). Also the default and the fallback policy.</summary>
    public const string User = "RelayUser";

    /// <summary>The admin key.</summary>
    public const string Admin = "RelayAdmin";

    /// <summary><c>/metrics</c>: the admin key, or a loopback client unless <see cref="AuthOptions.MetricsRequireAdminKey"/>.</summary>
    public const string Metrics = "RelayMetrics";
}
