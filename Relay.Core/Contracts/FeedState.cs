namespace Relay.Core.Contracts;

/// <summary>State of Relay's link to the upstream feed.</summary>
public enum FeedState
{
    /// <summary>Starting or connecting for the first time.</summary>
    Connecting,

    /// <summary>Connected and receiving.</summary>
    Connected,

    /// <summary>Lost the link; reconnecting with backoff.</summary>
    Reconnecting,

    /// <summary>The feed rejected the credentials or the data plan (806-810, HTTP 401/403); waiting for new credentials.</summary>
    CredentialsRejected,

    /// <summary>Another connection of the same account took the slot (805); backing off hard.</summary>
    Evicted,

    /// <summary>No frame and no ping for longer than the watchdog allows; reconnecting.</summary>
    Stale,

    /// <summary>No credentials are configured for the real feed.</summary>
    NoCredentials,

    /// <summary>Shut down.</summary>
    Stopped,
}
