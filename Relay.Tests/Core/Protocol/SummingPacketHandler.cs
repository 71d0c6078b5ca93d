using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

/// <summary>A struct handler that touches the decoded values and counts callbacks, allocating nothing.</summary>
internal struct SummingPacketHandler : IPacketHandler
{
    public long Packets;
    public long Malformed;
    public double Sum;

    public void OnTicker(in TickerPacket packet) => Add(packet.Ltp + packet.Ltt);

    public void OnQuote(in QuotePacket packet) => Add(packet.Ltp + packet.Volume);

    public void OnOpenInterest(in OiPacket packet) => Add(packet.OpenInterest);

    public void OnPrevClose(in PrevClosePacket packet) => Add(packet.PrevClose);

    public void OnFull(in FullPacket packet) => Add(packet.Ltp + packet.Depth[4].AskPrice);

    public void OnDisconnect(in DisconnectPacket packet) => Add(packet.ReasonCode);

    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet) => Add(packet.Length);

    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped) => Malformed++;

    private void Add(double value)
    {
        Packets++;
        Sum += value;
    }
}
