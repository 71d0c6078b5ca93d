namespace Relay.Bench.Load;

/// <summary>What a decoded hub message was, as far as the load client cares.</summary>
internal enum HubMessageKind
{
    /// <summary>Anything the client ignores (FeedStatus, other invocations).</summary>
    Other,

    /// <summary>A <c>Tick</c> invocation: security id and price were read.</summary>
    Tick,

    /// <summary>A completion (type 3), e.g. of <c>Subscribe</c>.</summary>
    Completion,

    /// <summary>A ping (type 6).</summary>
    Ping,

    /// <summary>A close message (type 7).</summary>
    Close,
}
