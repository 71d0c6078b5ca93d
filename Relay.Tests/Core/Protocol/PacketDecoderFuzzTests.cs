using System.Buffers.Binary;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Tests.Support;
using static Relay.Tests.Core.Protocol.CheckingPacketHandler;

namespace Relay.Tests.Core.Protocol;

internal sealed class PacketDecoderFuzzTests
{
    private const int Seed = 20250725;
    private const int Frames = 1_000_000;
    private const int MaxPacketsPerFrame = 8;

    [Test]
    [CancelAfter(60_000)]
    public void Decode_AMillionRandomAndMutatedFrames_NeverThrowsAndReportsOnlyInsideTheFrame()
    {
        var random = new Random(Seed);
        var pool = PacketPool(random);
        var buffer = new byte[8192];
        var starts = new int[2 * MaxPacketsPerFrame];
        var counts = new long[(int)CountIndex.Count];

        for (var i = 0; i < Frames; i++)
        {
            var length = NextFrame(random, pool, buffer, starts);
            var frame = new ReadOnlySpan<byte>(buffer, 0, length);
            var handler = new CheckingPacketHandler(frame, counts);
            FrameDecodeResult result;
            try
            {
                result = PacketDecoder.Decode(frame, ref handler);
            }
            catch (Exception ex)
            {
                Assert.Fail($"frame {i} threw {ex.GetType().Name}: {ex.Message}; frame {PacketBuilder.ToHex(frame)}");
                return;
            }

            if (handler.Violation is not null || !handler.CoveredWholeFrame || result.Packets + result.Malformed != handler.Callbacks)
            {
                Assert.Fail($"frame {i}: {handler.Violation ?? "reports do not cover the frame or do not match the result"}; "
                    + $"result {result}, callbacks {handler.Callbacks}; frame {PacketBuilder.ToHex(frame)}");
            }
        }

        // The run must have exercised every outcome, or it proves little.
        for (var kind = 0; kind < (int)CountIndex.Count; kind++)
        {
            counts[kind].Should().BeGreaterThan(1000, "outcome {0} must be exercised", (CountIndex)kind);
        }
    }

    /// <summary>Valid packets: the reference vectors, random-valued packets of every type, and header-only codes.</summary>
    private static byte[][] PacketPool(Random random)
    {
        var pool = new List<byte[]>(ProtocolTestVectors.All.Select(v => v.Bytes));
        for (var i = 0; i < 20; i++)
        {
            var instrument = new InstrumentKey(ExchangeSegments.All[random.Next(ExchangeSegments.All.Count)], (uint)random.Next(1, int.MaxValue));
            pool.Add(PacketBuilder.Ticker(instrument, RandomFloat(random), (uint)random.Next()));
            pool.Add(PacketBuilder.PrevClose(instrument, RandomFloat(random), (uint)random.Next()));
            pool.Add(PacketBuilder.OpenInterest(instrument, (uint)random.Next()));
            pool.Add(PacketBuilder.Disconnect((ushort)random.Next(800, 815)));
            pool.Add(PacketBuilder.Raw((byte)FeedResponseCode.MarketStatus, 8));
            pool.Add(PacketBuilder.Raw((byte)FeedResponseCode.Index, random.Next(8, 40), (byte)instrument.Segment, instrument.SecurityId, 0x77));
            var quote = new byte[QuotePacket.Size];
            random.NextBytes(quote);
            new PacketHeader(FeedResponseCode.Quote, QuotePacket.Size, (byte)instrument.Segment, instrument.SecurityId).Write(quote);
            pool.Add(quote);
            var full = new byte[FullPacket.Size];
            random.NextBytes(full);
            new PacketHeader(FeedResponseCode.Full, FullPacket.Size, (byte)instrument.Segment, instrument.SecurityId).Write(full);
            pool.Add(full);
        }

        return [.. pool];
    }

    private static float RandomFloat(Random random) => BitConverter.Int32BitsToSingle(random.Next());

    /// <summary>Writes the next frame into <paramref name="buffer"/> and returns its length.</summary>
    private static int NextFrame(Random random, byte[][] pool, byte[] buffer, int[] starts)
    {
        var strategy = random.Next(10);
        if (strategy == 0)
        {
            // Pure noise.
            var noise = random.Next(0, 300);
            random.NextBytes(buffer.AsSpan(0, noise));
            return noise;
        }

        var packets = random.Next(1, MaxPacketsPerFrame + 1);
        var length = 0;
        for (var p = 0; p < packets; p++)
        {
            starts[p] = length;
            if (strategy == 1)
            {
                // Plausible-looking headers with random codes, lengths and segments over random payloads.
                var size = random.Next(8, 180);
                random.NextBytes(buffer.AsSpan(length, size));
                buffer[length] = (byte)(random.Next(4) == 0 ? random.Next(256) : random.Next(10));
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(length + 1), (ushort)(random.Next(3) == 0 ? random.Next(ushort.MaxValue + 1) : random.Next(0, 200)));
                buffer[length + 3] = (byte)random.Next(10);
                length += size;
            }
            else
            {
                var packet = pool[random.Next(pool.Length)];
                packet.CopyTo(buffer, length);
                length += packet.Length;
            }
        }

        if (strategy <= 3)
        {
            return length;
        }

        // Mutations of valid frames.
        for (var m = random.Next(1, 4); m > 0 && length > 0; m--)
        {
            var at = starts[random.Next(packets)];
            switch (random.Next(7))
            {
                case 0:
                    buffer[random.Next(length)] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    if (at + 3 <= length)
                    {
                        var declared = random.Next(3) switch { 0 => random.Next(0, 8), 1 => random.Next(ushort.MaxValue + 1), _ => random.Next(0, length - at + 16) };
                        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(at + 1), (ushort)declared);
                    }

                    break;
                case 2:
                    length = random.Next(length);
                    packets = Math.Max(1, packets);
                    break;
                case 3:
                    if (at < length)
                    {
                        buffer[at] = (byte)random.Next(256);
                    }

                    break;
                case 4:
                    if (at + 4 <= length)
                    {
                        buffer[at + 3] = (byte)random.Next(12);
                    }

                    break;
                case 5:
                    // Concatenate a copy of (a prefix of) the frame to itself.
                    var copy = random.Next(length + 1);
                    buffer.AsSpan(0, copy).CopyTo(buffer.AsSpan(length));
                    starts[Math.Min(packets, starts.Length - 1)] = length;
                    packets = Math.Min(packets + 1, starts.Length);
                    length += copy;
                    break;
                default:
                    // A valid packet appended after whatever damage came before.
                    var tail = pool[random.Next(pool.Length)];
                    tail.CopyTo(buffer, length);
                    starts[Math.Min(packets, starts.Length - 1)] = length;
                    packets = Math.Min(packets + 1, starts.Length);
                    length += tail.Length;
                    break;
            }
        }

        return length;
    }
}
