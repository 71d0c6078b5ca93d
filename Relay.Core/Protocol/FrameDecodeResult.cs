namespace Relay.Core.Protocol;

/// <summary>What <see cref="PacketDecoder.Decode{THandler}"/> did with one frame.</summary>
/// <param name="Packets">Packets handed to the handler (every callback except <see cref="IPacketHandler.OnMalformed"/>).</param>
/// <param name="Malformed">Malformed reports (each also went to <see cref="IPacketHandler.OnMalformed"/>).</param>
public readonly record struct FrameDecodeResult(int Packets, int Malformed);
