namespace Relay.Client;

/// <summary>Which message a <see cref="MarketUpdate"/> carries.</summary>
public enum MarketMessageKind
{
    /// <summary>A Ticker-mode update (<see cref="MarketUpdate.Tick"/>).</summary>
    Tick,

    /// <summary>A Quote-mode update (<see cref="MarketUpdate.Quote"/>).</summary>
    Quote,

    /// <summary>A Full-mode update (<see cref="MarketUpdate.Full"/>).</summary>
    Full,

    /// <summary>The relay's last known state, returned by a subscribe or a resubscribe (<see cref="MarketUpdate.Full"/>).</summary>
    Snapshot,
}
