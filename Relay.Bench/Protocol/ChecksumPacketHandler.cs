using Relay.Core.Protocol;

namespace Relay.Bench.Protocol;

/// <summary>
/// Consumes what a market-state update would read (instrument, prices, quantities, depth ends) so the JIT
/// cannot drop the decoding, without doing any work of its own worth measuring.
/// </summary>
internal struct ChecksumPacketHandler : IPacketHandler
{
    public long Packets;
    public double Sum;

    public void OnTicker(in TickerPacket packet)
    {
        Packets++;
        Sum += packet.Ltp + packet.Ltt + packet.Instrument.SecurityId;
    }

    public void OnQuote(in QuotePacket packet)
    {
        Packets++;
        Sum += packet.Ltp + packet.Volume;
    }

    public void OnOpenInterest(in OiPacket packet)
    {
        Packets++;
        Sum += packet.OpenInterest;
    }

    public void OnPrevClose(in PrevClosePacket packet)
    {
        Packets++;
        Sum += packet.PrevClose;
    }

    public void OnFull(in FullPacket packet)
    {
        Packets++;
        Sum += packet.Ltp + packet.Volume + packet.OpenInterest + packet.Instrument.SecurityId + packet.Depth[0].BidPrice + packet.Depth[4].AskQuantity;
    }

    public void OnDisconnect(in DisconnectPacket packet) => Packets++;

    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet) => Packets++;

    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
    }
}
