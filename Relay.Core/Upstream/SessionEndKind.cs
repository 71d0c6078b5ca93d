namespace Relay.Core.Upstream;

/// <summary>How one connection attempt (handshake plus session) ended.</summary>
internal enum SessionEndKind
{
    /// <summary>The handshake failed (network, timeout, unexpected HTTP status): retry with backoff.</summary>
    ConnectFailed,

    /// <summary>The session was lost or closed without a reason: retry with backoff (counts toward immediate drops).</summary>
    Dropped,

    /// <summary>DhanHQ sent a retryable disconnect reason (e.g. 800): retry with backoff.</summary>
    Disconnected,

    /// <summary>The staleness watchdog or the keep-alive timeout declared the socket dead: retry with backoff.</summary>
    Stale,

    /// <summary>Credentials or plan rejected: back off for minutes or until new credentials.</summary>
    CredentialsRejected,

    /// <summary>Another connection took the slot (805) or a limit was broken (804): back off for minutes.</summary>
    Evicted,
}
