using Relay.Core.Protocol;

namespace Relay.Bench.Load.Baseline;

/// <summary>Collects the ticker packets of a frame (the decoder calls back synchronously; sending happens after).</summary>
internal readonly struct BaselineTickCollector(List<TickerPacket> ticks) : IPacketHandler
{
    /// <inheritdoc />
    public void OnTicker(in TickerPacket packet) => ticks.Add(packet);

    /// <inheritdoc />
    public void OnQuote(in QuotePacket packet)
    {
    }

    /// <inheritdoc />
    public void OnOpenInterest(in OiPacket packet)
    {
    }

    /// <inheritdoc />
    public void OnPrevClose(in PrevClosePacket packet)
    {
    }

    /// <inheritdoc />
    public void OnFull(in FullPacket packet)
    {
    }

    /// <inheritdoc />
    public void OnDisconnect(in DisconnectPacket packet)
    {
    }

    /// <inheritdoc />
    public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet)
    {
    }

    /// <inheritdoc />
    public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped)
    {
    }
}
