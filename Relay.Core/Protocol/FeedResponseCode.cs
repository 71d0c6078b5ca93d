namespace Relay.Core.Protocol;

/// <summary>Response codes at offset 0 of every main-feed packet (protocol reference §4.3).</summary>
#pragma warning disable CA1028 // A wire code is one byte.
public enum FeedResponseCode : byte
{
    /// <summary>Undocumented code 0 seen in production; ignored.</summary>
    None = 0,

    /// <summary>Index packet; layout never published, forwarded by its length only.</summary>
    Index = 1,

    /// <summary>Ticker, 16 bytes.</summary>
    Ticker = 2,

    /// <summary>v1 market depth (112 bytes); not sent in v2.</summary>
    MarketDepthV1 = 3,

    /// <summary>Quote, 50 bytes.</summary>
    Quote = 4,

    /// <summary>Open interest, 12 bytes.</summary>
    OpenInterest = 5,

    /// <summary>Previous close and OI, 16 bytes.</summary>
    PrevClose = 6,

    /// <summary>Market status, 8 bytes (header only, assumed).</summary>
    MarketStatus = 7,

    /// <summary>Full with 5-level depth, 162 bytes.</summary>
    Full = 8,

    /// <summary>Feed disconnect with a reason code, 10 bytes.</summary>
    Disconnect = 50,
}
#pragma warning restore CA1028
