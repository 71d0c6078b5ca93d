using Relay.Server.Auth;

namespace Relay.Server.Admin;

/// <summary>
/// The admin API under <c>/api/admin</c>, always behind the admin key (header <c>X-Relay-Admin-Key</c>), on loopback
/// too: any page a local browser opens can reach localhost. Without the key: 401; with a user token instead: 403.
/// Nothing here ever returns the broker's access token or a user token after its creation.
/// </summary>
internal static partial class AdminEndpoints
{
    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        group.MapGet("/feed", GetFeedAsync)
            .WithName("AdminGetFeed")
            .WithSummary("Feed status: mode, state, sockets with their instruments and counters, capacity used and left, packet totals and rate, reconnects, malformed packets.");
        group.MapGet("/subscriptions", GetSubscriptions)
            .WithName("AdminGetSubscriptions")
            .WithSummary("Upstream subscriptions: instrument, mode carried, reference counts per mode, socket.");
        group.MapGet("/clients", GetClients)
            .WithName("AdminGetClients")
            .WithSummary("Connected clients (hub and /ws): user, since when, and each instrument and mode they hold.");
        group.MapPost("/resync", ResyncAsync)
            .WithName("AdminResync")
            .WithSummary("Runs the upstream reconciliation now: re-sends whatever is out of step with what clients hold.");

        group.MapGet("/credentials", GetCredentialsAsync)
            .WithName("AdminGetCredentials")
            .WithSummary("Whether broker credentials are stored or configured, and which the feed uses. Never the credentials.");
        group.MapPut("/credentials", PutCredentialsAsync)
            .WithName("AdminPutCredentials")
            .WithSummary("Stores DhanHQ credentials (write-only, encrypted at rest); in Dhan mode the feed reconnects with them at once (204).");
        group.MapDelete("/credentials", DeleteCredentialsAsync)
            .WithName("AdminDeleteCredentials")
            .WithSummary("Deletes the stored credentials; in Dhan mode the feed falls back to the configured ones, if any.");

        group.MapGet("/users", ListUsersAsync)
            .WithName("AdminListUsers")
            .WithSummary("Every user (revoked ones too) with its open connections. Never tokens.");
        group.MapPost("/users", CreateUserAsync)
            .WithName("AdminCreateUser")
            .WithSummary("Creates a user and returns its token, shown this once (only its SHA-256 is stored).");
        group.MapDelete("/users/{id:long}", RevokeUserAsync)
            .WithName("AdminRevokeUser")
            .WithSummary("Revokes a user's token and closes its live hub connections and /ws sockets.");

        group.MapPost("/instruments/import", ImportInstrumentsAsync)
            .WithName("AdminImportInstruments")
            .WithSummary("Imports DhanHQ's scrip master (compact or detailed CSV) sent as the body (text/csv) or as a multipart file; bad rows are reported with their line.")
            .Accepts<string>("text/csv", "application/octet-stream", "multipart/form-data")
            .DisableRequestTimeout();
        return group;
    }
}
