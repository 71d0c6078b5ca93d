using BenchmarkDotNet.Attributes;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Bench.Protocol;

/// <summary>
/// <see cref="PacketDecoder"/> throughput, per packet: 10,000 packets per operation, in frames of 1 or 10
/// packets, against a baseline that only copies the same frames.
/// Run: <c>dotnet run -c Release --project Relay.Bench -- --filter '*PacketDecoder*'</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class PacketDecoderBenchmarks
{
    private const int PacketsPerOperation = 10_000;

    private byte[][] _frames = [];
    private byte[] _destination = [];

    /// <summary>The packet the frames carry.</summary>
    [Params(BenchPacketKind.Ticker, BenchPacketKind.Full)]
    public BenchPacketKind Packet { get; set; }

    /// <summary>Packets per WebSocket frame.</summary>
    [Params(1, 10)]
    public int PacketsPerFrame { get; set; }

    /// <summary>Builds 10,000 packets for 2,000 instruments with varying prices, grouped into frames.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var size = Packet == BenchPacketKind.Ticker ? TickerPacket.Size : FullPacket.Size;
        _frames = new byte[PacketsPerOperation / PacketsPerFrame][];
        var n = 0;
        for (var f = 0; f < _frames.Length; f++)
        {
            var frame = new byte[size * PacketsPerFrame];
            for (var p = 0; p < PacketsPerFrame; p++, n++)
            {
                var instrument = new InstrumentKey(n % 3 == 0 ? ExchangeSegment.NSE_FNO : ExchangeSegment.NSE_EQ, (uint)(1000 + (n % 2000)));
                var slot = frame.AsSpan(p * size);
                if (Packet == BenchPacketKind.Ticker)
                {
                    new TickerPacket(instrument, 100f + (n * 0.05f), 1_753_439_415u + (uint)n).Write(slot);
                }
                else
                {
                    var depth = default(Depth5);
                    for (var level = 0; level < Depth5.Count; level++)
                    {
                        depth[level] = new DepthLevel((uint)(n + level), (uint)(n + level + 1), 3, 4, 100f - level, 100.05f + level);
                    }

                    new FullPacket(instrument, 100f + (n * 0.05f), 75, 1_753_439_415u + (uint)n, 99.5f, (uint)n * 10, 5000, 6000, 7000, 8000, 6500, 98f, 97f, 101f, 96f, depth).Write(slot);
                }
            }

            _frames[f] = frame;
        }

        _destination = new byte[size * PacketsPerFrame];
    }

    /// <summary>Copies every frame once: the cost of merely touching the bytes.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerOperation)]
    public int Copy()
    {
        var destination = _destination;
        var total = 0;
        foreach (var frame in _frames)
        {
            frame.AsSpan().CopyTo(destination);
            total += destination[0];
        }

        return total;
    }

    /// <summary>Splits and decodes every frame into a struct handler.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerOperation)]
    public long Decode()
    {
        var handler = default(ChecksumPacketHandler);
        long packets = 0;
        foreach (var frame in _frames)
        {
            packets += PacketDecoder.Decode(frame, ref handler).Packets;
        }

        return handler.Checksum + packets;
    }
}
