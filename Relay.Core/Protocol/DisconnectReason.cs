namespace Relay.Core.Protocol;

/// <summary>DhanHQ "Data API" reason codes carried by a feed-disconnect packet (protocol reference §5).</summary>
#pragma warning disable CA1028 // The wire carries a uint16.
public enum DisconnectReason : ushort
{
    /// <summary>800: internal server error.</summary>
    InternalServerError = 800,

    /// <summary>804: requested number of instruments exceeds the limit.</summary>
    InstrumentLimitExceeded = 804,

    /// <summary>805: too many requests or connections; the oldest socket is dropped.</summary>
    TooManyConnections = 805,

    /// <summary>806: Data APIs not subscribed (plan inactive).</summary>
    DataApiNotSubscribed = 806,

    /// <summary>807: access token expired.</summary>
    AccessTokenExpired = 807,

    /// <summary>808: authentication failed (client id or token invalid).</summary>
    AuthenticationFailed = 808,

    /// <summary>809: access token invalid.</summary>
    AccessTokenInvalid = 809,

    /// <summary>810: client id invalid.</summary>
    ClientIdInvalid = 810,

    /// <summary>811: invalid expiry date (REST).</summary>
    InvalidExpiryDate = 811,

    /// <summary>812: invalid date format (REST).</summary>
    InvalidDateFormat = 812,

    /// <summary>813: invalid security id.</summary>
    InvalidSecurityId = 813,

    /// <summary>814: invalid request.</summary>
    InvalidRequest = 814,
}
#pragma warning restore CA1028
