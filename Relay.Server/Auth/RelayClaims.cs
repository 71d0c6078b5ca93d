using System.Globalization;
using System.Security.Claims;

namespace Relay.Server.Auth;

/// <summary>Claims Relay puts on its principals, and how to read them.</summary>
internal static class RelayClaims
{
    /// <summary>The role of a request that presented the admin key.</summary>
    public const string AdminRole = "relay-admin";

    /// <summary>Present (value <c>true</c>) on the built-in local user of a loopback start without a token.</summary>
    public const string LocalUser = "relay:local-user";

    /// <summary>
    /// The Relay user id (<c>users.id</c>, from <see cref="ClaimTypes.NameIdentifier"/>), or <c>null</c> when the
    /// principal is not a Relay user (anonymous, or the admin key alone).
    /// </summary>
    public static long? GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true
            && principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } text
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : null;
    }

    /// <summary>The principal of a Relay user authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal ForUser(long id, string name, string scheme, bool isLocal)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, name),
        ];
        if (isLocal)
        {
            claims.Add(new Claim(LocalUser, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The principal of a request that presented the admin key.</summary>
    public static ClaimsPrincipal ForAdmin(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminRole)], scheme));
}
