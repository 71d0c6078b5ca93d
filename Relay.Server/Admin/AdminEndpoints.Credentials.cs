using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Relay.Core.Upstream;
using Relay.Server.Storage;

namespace Relay.Server.Admin;

/// <summary>Broker credentials: write-only.</summary>
internal static partial class AdminEndpoints
{
    private const int MaxClientIdLength = 64;
    private const int MaxAccessTokenLength = 8192;

    internal static async Task<Ok<AdminCredentialsStatus>> GetCredentialsAsync(
        CredentialRepository credentials,
        FeedCredentialStore credentialStore,
        IOptions<FeedOptions> feedOptions,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await CredentialsStatusAsync(credentials, credentialStore, feedOptions.Value, cancellationToken));

    internal static async Task<Results<NoContent, Ok<CredentialsStoredResponse>, ValidationProblem>> PutCredentialsAsync(
        CredentialsRequest? body,
        CredentialRepository credentials,
        FeedCredentialStore credentialStore,
        IOptions<FeedOptions> feedOptions,
        CancellationToken cancellationToken)
    {
        // Messages name the field, never its value.
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var clientId = body?.ClientId?.Trim() ?? "";
        var accessToken = body?.AccessToken?.Trim() ?? "";
        if (clientId.Length is 0 or > MaxClientIdLength || clientId.Any(char.IsControl))
        {
            errors["clientId"] = [$"The Dhan client id is required: 1 to {MaxClientIdLength} printable characters."];
        }

        if (accessToken.Length is 0 or > MaxAccessTokenLength || accessToken.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors["accessToken"] = [$"The Dhan access token is required: 1 to {MaxAccessTokenLength} characters without spaces."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The credentials are incomplete; nothing was stored.");
        }

        var value = new FeedCredentials(clientId, accessToken);
        await credentials.StoreAsync(value, cancellationToken);
        if (feedOptions.Value.Mode != FeedSource.Dhan)
        {
            return TypedResults.Ok(new CredentialsStoredResponse(
                Stored: true,
                AppliedToFeed: false,
                "Stored, encrypted. Relay runs its built-in simulator (Relay:Feed:Mode=Simulator), which keeps its own credentials; these are used when Relay starts with Relay:Feed:Mode=Dhan."));
        }

        credentialStore.Set(value); // The upstream sockets reconnect with them at once.
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteCredentialsAsync(
        CredentialRepository credentials,
        FeedCredentialStore credentialStore,
        IOptions<FeedOptions> feedOptions,
        CancellationToken cancellationToken)
    {
        if (!await credentials.DeleteAsync(cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No credentials are stored." });
        }

        if (feedOptions.Value.Mode == FeedSource.Dhan)
        {
            if (feedOptions.Value.ConfiguredCredentials is { } configured)
            {
                credentialStore.Set(configured);
            }
            else
            {
                credentialStore.Clear();
            }
        }

        return TypedResults.NoContent();
    }

    private static async Task<AdminCredentialsStatus> CredentialsStatusAsync(
        CredentialRepository credentials,
        FeedCredentialStore credentialStore,
        FeedOptions feedOptions,
        CancellationToken cancellationToken)
    {
        var stored = await credentials.GetStatusAsync(cancellationToken);
        var configured = feedOptions.ConfiguredCredentials is not null;
        var inUse = feedOptions.Mode != FeedSource.Dhan ? "simulator"
            : credentialStore.Current is null ? "none"
            : stored.IsSet ? "stored"
            : "configured";
        return new AdminCredentialsStatus(stored.IsSet, stored.UpdatedAt, configured, inUse);
    }
}
