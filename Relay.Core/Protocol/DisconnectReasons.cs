namespace Relay.Core.Protocol;

/// <summary>Meanings and reactions for <see cref="DisconnectReason"/> codes.</summary>
public static class DisconnectReasons
{
    /// <summary>The official meaning of a reason code, or a generic text for an undocumented one.</summary>
    public static string Describe(ushort code) => (DisconnectReason)code switch
    {
        DisconnectReason.InternalServerError => "800 internal server error",
        DisconnectReason.InstrumentLimitExceeded => "804 requested number of instruments exceeds the limit",
        DisconnectReason.TooManyConnections => "805 too many requests or connections (another connection took this socket's slot)",
        DisconnectReason.DataApiNotSubscribed => "806 Data APIs not subscribed",
        DisconnectReason.AccessTokenExpired => "807 access token expired",
        DisconnectReason.AuthenticationFailed => "808 authentication failed: client id or access token invalid",
        DisconnectReason.AccessTokenInvalid => "809 access token invalid",
        DisconnectReason.ClientIdInvalid => "810 client id invalid",
        DisconnectReason.InvalidExpiryDate => "811 invalid expiry date",
        DisconnectReason.InvalidDateFormat => "812 invalid date format",
        DisconnectReason.InvalidSecurityId => "813 invalid security id",
        DisconnectReason.InvalidRequest => "814 invalid request",
        _ => $"{code} undocumented disconnect reason",
    };

    /// <summary>The reaction a reason code calls for.</summary>
    public static DisconnectReaction ReactionTo(ushort code) => (DisconnectReason)code switch
    {
        DisconnectReason.TooManyConnections or DisconnectReason.InstrumentLimitExceeded => DisconnectReaction.BackOffHard,
        DisconnectReason.DataApiNotSubscribed or DisconnectReason.AccessTokenExpired or DisconnectReason.AuthenticationFailed
            or DisconnectReason.AccessTokenInvalid or DisconnectReason.ClientIdInvalid => DisconnectReaction.CredentialsRejected,
        _ => DisconnectReaction.Retry,
    };
}
