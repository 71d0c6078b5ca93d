namespace Relay.Core.Protocol;

/// <summary>Request codes of the JSON messages a client sends on the main feed (protocol reference §2).</summary>
#pragma warning disable CA1028 // A wire code is one byte.
public enum FeedRequestCode : byte
{
    /// <summary>v1 binary connect; never sent in v2.</summary>
    Connect = 11,

    /// <summary>Asks the server to close the socket: <c>{"RequestCode":12}</c>.</summary>
    Disconnect = 12,

    /// <summary>Subscribe in Ticker mode.</summary>
    SubscribeTicker = 15,

    /// <summary>Unsubscribe Ticker mode.</summary>
    UnsubscribeTicker = 16,

    /// <summary>Subscribe in Quote mode.</summary>
    SubscribeQuote = 17,

    /// <summary>Unsubscribe Quote mode.</summary>
    UnsubscribeQuote = 18,

    /// <summary>Subscribe in Full mode.</summary>
    SubscribeFull = 21,

    /// <summary>Unsubscribe Full mode.</summary>
    UnsubscribeFull = 22,
}
#pragma warning restore CA1028
