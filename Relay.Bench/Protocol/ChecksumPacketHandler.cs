using Relay.Core.Protocol;

namespace Relay.Bench.Protocol;

/// <summary>
/// Consumes what a market-state update would read (instrument, prices, quantities, depth ends) so the JIT
/// cannot drop the decoding, with cheap integer mixing so the handler itself costs next to nothing.
/// Counting is left to the decoder's <see cref="FrameDecodeResult"/>.
/// </summary>
internal struct ChecksumPacketHandler : IPacketHandler
{
    public uint Checksum;

    public void OnTicker(in TickerPacket packet)
    {
        Checksum += BitConverter.SingleToUInt32Bits(packet.Ltp) ^ packet.Ltt ^ packet.Instrument.SecurityId;
    }

    public void OnQuote(in QuotePacket packet)
    {
        Checksum += BitConverter.SingleToUInt32Bits(packet.Ltp) ^ packet.Volume;
    }

    public void OnOpenInterest(in OiPacket packet)
    {
        Checksum += packet.OpenInterest;
    }

    public void OnPrevClose(in PrevClosePacket packet)
    {
        Checksum += BitConverter.SingleToUInt32Bits(packet.PrevClose);
    }

    public void OnFull(in FullPacket packet)
    {
        Checksum += BitConverter.SingleToUInt32Bits(packet.Ltp) ^ packet.Volume ^ packet.OpenInterest ^ packet.Instrument.SecurityId
            ^ BitConverter.SingleToUInt32Bits(packet.Depth[0].BidPrice) ^ packet.Depth[4].AskQuantity;
    }

    public void OnDisconnect(in DisconnectPacket packet) => Checksum += packet.ReasonCode;

    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet) => Checksum += (uint)packet.Length;

    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
    }
}
