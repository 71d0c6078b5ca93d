namespace Relay.Core.Protocol;

/// <summary>How the upstream connection reacts to a disconnect reason.</summary>
public enum DisconnectReaction
{
    /// <summary>Transient: reconnect with the normal exponential backoff.</summary>
    Retry,

    /// <summary>Another connection took the account's slot, or the relay broke a limit: back off for minutes and alert.</summary>
    BackOffHard,

    /// <summary>Credentials or plan rejected: do not retry until new credentials are set (or after a long back-off).</summary>
    CredentialsRejected,
}
