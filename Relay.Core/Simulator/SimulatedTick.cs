using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>The state of one instrument right after a simulated trade: everything a Ticker, Quote, OI or Full packet carries.</summary>
internal struct SimulatedTick
{
    public float Ltp;
    public ushort Ltq;
    public uint Ltt;
    public float Atp;
    public uint Volume;
    public uint TotalSellQuantity;
    public uint TotalBuyQuantity;
    public uint OpenInterest;
    public uint OiDayHigh;
    public uint OiDayLow;
    public float Open;
    public float Close;
    public float High;
    public float Low;
    public Depth5 Depth;
}
