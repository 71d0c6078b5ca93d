using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Market;

/// <summary>
/// The last known state of one instrument, as raw wire values (prices are DhanHQ's float32). Fields a packet
/// never carried are 0. A value copy: reading it takes no lock.
/// </summary>
#pragma warning disable CA1815 // A value snapshot; equality is not meaningful for it.
public struct MarketSnapshot
#pragma warning restore CA1815
{
    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument;

    /// <summary>Last traded price.</summary>
    public float Ltp;

    /// <summary>Last traded quantity.</summary>
    public ushort Ltq;

    /// <summary>Last trade time, epoch seconds as DhanHQ sent it.</summary>
    public uint Ltt;

    /// <summary>Average traded price.</summary>
    public float Atp;

    /// <summary>Day volume.</summary>
    public uint Volume;

    /// <summary>Total pending sell quantity.</summary>
    public uint TotalSellQuantity;

    /// <summary>Total pending buy quantity.</summary>
    public uint TotalBuyQuantity;

    /// <summary>Day open.</summary>
    public float Open;

    /// <summary>Day close field as sent.</summary>
    public float Close;

    /// <summary>Day high.</summary>
    public float High;

    /// <summary>Day low.</summary>
    public float Low;

    /// <summary>Open interest.</summary>
    public uint OpenInterest;

    /// <summary>Day's highest OI.</summary>
    public uint OiDayHigh;

    /// <summary>Day's lowest OI.</summary>
    public uint OiDayLow;

    /// <summary>Previous day's close.</summary>
    public float PrevClose;

    /// <summary>Previous day's OI.</summary>
    public uint PrevOpenInterest;

    /// <summary>5-level depth (all zero until a Full packet arrived).</summary>
    public Depth5 Depth;

    /// <summary>The richest packet kind ever received: Ticker, Quote or Full; 0 when only prev close/OI arrived.</summary>
    public FeedMode RichestMode;

    /// <summary>When Relay received the last packet for this instrument, Unix milliseconds (UTC).</summary>
    public long ReceivedAt;
}
