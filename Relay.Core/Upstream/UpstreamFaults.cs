using System.Globalization;
using Relay.Core.Protocol;

namespace Relay.Core.Upstream;

/// <summary>Classifies upstream faults into <see cref="SessionOutcome"/>s with a human-readable reason (never a secret).</summary>
internal static class UpstreamFaults
{
    /// <summary>The outcome of a feed-disconnect packet (code 50), by <see cref="DisconnectReasons.ReactionTo"/>.</summary>
    public static SessionOutcome ForDisconnect(ushort code) => DisconnectReasons.ReactionTo(code) switch
    {
        DisconnectReaction.CredentialsRejected => new(SessionEndKind.CredentialsRejected, (DisconnectReason)code switch
        {
            DisconnectReason.DataApiNotSubscribed => "DhanHQ: Data APIs are not subscribed for this account (806)",
            DisconnectReason.AccessTokenExpired => "DhanHQ: the access token expired (807)",
            DisconnectReason.AuthenticationFailed => "DhanHQ rejected the client id or access token (808)",
            DisconnectReason.AccessTokenInvalid => "DhanHQ rejected the access token (809)",
            DisconnectReason.ClientIdInvalid => "DhanHQ rejected the client id (810)",
            _ => "DhanHQ rejected the credentials: " + DisconnectReasons.Describe(code),
        }),
        DisconnectReaction.BackOffHard => new(SessionEndKind.Evicted, (DisconnectReason)code == DisconnectReason.TooManyConnections
            ? "another connection of this account took the slot (805)"
            : "DhanHQ disconnected the feed: " + DisconnectReasons.Describe(code)),
        _ => new(SessionEndKind.Disconnected, "DhanHQ disconnected the feed: " + DisconnectReasons.Describe(code)),
    };

    /// <summary>The outcome of a handshake answered with HTTP <paramref name="status"/> instead of 101.</summary>
    public static SessionOutcome ForHandshakeStatus(int status) => status switch
    {
        401 or 403 => new(SessionEndKind.CredentialsRejected, string.Create(CultureInfo.InvariantCulture, $"DhanHQ refused the connection with HTTP {status}: the access token or client id is invalid, or the data plan is inactive")),
        429 => new(SessionEndKind.CredentialsRejected, "DhanHQ refused the connection with HTTP 429: too many connection attempts, a blocked account or an inactive data plan"),
        _ => new(SessionEndKind.ConnectFailed, string.Create(CultureInfo.InvariantCulture, $"the feed refused the connection with HTTP {status}")),
    };

    /// <summary>The outcome after <paramref name="count"/> immediate drops in a row (protocol reference §8 #13).</summary>
    public static SessionOutcome ForImmediateDrops(int count) => new(
        SessionEndKind.CredentialsRejected,
        string.Create(CultureInfo.InvariantCulture, $"DhanHQ dropped the connection right after connecting {count} times in a row: the access token, client id or data plan is probably invalid"));

    /// <summary>The outcome when nothing arrived for <paramref name="staleAfter"/>.</summary>
    public static SessionOutcome ForStale(TimeSpan staleAfter) => new(
        SessionEndKind.Stale,
        string.Create(CultureInfo.InvariantCulture, $"no frame and no ping from the feed for {staleAfter.TotalSeconds:0.###} s"));
}
