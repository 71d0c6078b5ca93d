namespace Relay.Server.Trading;

/// <summary>How a DhanHQ call ended.</summary>
internal enum DhanFailureKind
{
    /// <summary>HTTP 2xx.</summary>
    None,

    /// <summary>No credentials configured; nothing was sent.</summary>
    NoCredentials,

    /// <summary>No answer within <see cref="TradingOptions.DhanTimeout"/>: the outcome of a write is unknown.</summary>
    Timeout,

    /// <summary>The connection failed: the outcome of a write is unknown.</summary>
    Network,

    /// <summary>DhanHQ answered with an error status.</summary>
    Http,
}
