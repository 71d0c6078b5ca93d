namespace Relay.Server.Admin;

/// <summary>Answer of <c>PUT /api/admin/credentials</c> in Simulator mode (in Dhan mode the answer is 204).</summary>
/// <param name="Stored">True: the credentials are stored, encrypted.</param>
/// <param name="AppliedToFeed">False: the built-in simulator keeps its own credentials.</param>
/// <param name="Message">What happens next.</param>
internal sealed record CredentialsStoredResponse(bool Stored, bool AppliedToFeed, string Message);
