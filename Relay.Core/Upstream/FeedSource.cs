namespace Relay.Core.Upstream;

/// <summary>Where the upstream feed comes from. Both speak the same DhanHQ v2 wire protocol.</summary>
internal enum FeedSource
{
    /// <summary>Relay's built-in feed simulator (the default; needs no credentials).</summary>
    Simulator,

    /// <summary>DhanHQ's live feed (needs a client id and an access token).</summary>
    Dhan,
}
