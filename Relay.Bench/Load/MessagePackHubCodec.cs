using System.Buffers;
using System.Globalization;
using MessagePack;
using Relay.Core.Market;

namespace Relay.Bench.Load;

/// <summary>
/// The SignalR MessagePack hub protocol, reduced to what a load client needs. Each message is a VarInt length
/// prefix and a MessagePack array: invocation <c>[1, headers, invocationId, target, arguments, streamIds]</c>,
/// completion <c>[3, headers, invocationId, resultKind, result]</c>, ping <c>[6]</c>, close <c>[7, error, ...]</c>.
/// A Tick argument is Relay's array <c>[segmentCode, securityId, ltp as float32, ltt]</c> (a float32 price reads back as
/// its shortest decimal, <see cref="WirePrice"/>), or a map (contractless: <c>SecurityId</c>, <c>Ltp</c>, any case)
/// from older servers.
/// </summary>
internal static class MessagePackHubCodec
{
    private static readonly byte[] PingRecord = Frame(static (ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(1);
        writer.Write(6);
    });

    /// <summary>A ping message.</summary>
    public static ReadOnlyMemory<byte> Ping => PingRecord;

    /// <summary>A <c>Subscribe(instruments, "Ticker")</c> invocation with id <paramref name="invocationId"/>.</summary>
    public static byte[] Subscribe(IReadOnlyList<long> securityIds, string segment, string invocationId)
    {
        ArgumentNullException.ThrowIfNull(securityIds);
        return Frame((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(6);
            writer.Write(1);
            writer.WriteMapHeader(0);
            writer.Write(invocationId);
            writer.Write("Subscribe");
            writer.WriteArrayHeader(2);
            writer.WriteArrayHeader(securityIds.Count);
            foreach (var id in securityIds)
            {
                writer.WriteMapHeader(2);
                writer.Write("ExchangeSegment");
                writer.Write(segment);
                writer.Write("SecurityId");
                writer.Write(id.ToString(CultureInfo.InvariantCulture));
            }

            writer.Write("Ticker");
            writer.WriteArrayHeader(0);
        });
    }

    /// <summary>Reads the first complete message of <paramref name="buffer"/>; false when none is complete yet.</summary>
    /// <exception cref="MessagePackSerializationException">The message is malformed.</exception>
    public static bool TryRead(ReadOnlyMemory<byte> buffer, out int consumed, out HubWireMessage message)
    {
        message = default;
        consumed = 0;
        if (!TryReadLength(buffer.Span, out var length, out var prefix))
        {
            return false;
        }

        if (buffer.Length < prefix + length)
        {
            return false;
        }

        consumed = prefix + length;
        message.WireSize = consumed;
        var reader = new MessagePackReader(buffer.Slice(prefix, length));
        var count = reader.ReadArrayHeader();
        var type = reader.ReadInt32();
        switch (type)
        {
            case 1 when count >= 5:
                SkipHeaders(ref reader);
                reader.Skip(); // invocation id
                var target = reader.ReadString();
                if (target == "Tick")
                {
                    message.Kind = HubMessageKind.Tick;
                    ReadTick(ref reader, ref message);
                }
                else
                {
                    message.Kind = HubMessageKind.Other;
                }

                break;

            case 3 when count >= 4:
                message.Kind = HubMessageKind.Completion;
                SkipHeaders(ref reader);
                reader.Skip(); // invocation id
                var resultKind = reader.ReadInt32();
                if (resultKind == 1)
                {
                    message.HasError = true;
                }
                else if (resultKind == 3 && count >= 5)
                {
                    ReadSubscribeResults(ref reader, ref message);
                }

                break;

            case 6:
                message.Kind = HubMessageKind.Ping;
                break;

            case 7:
                message.Kind = HubMessageKind.Close;
                message.HasError = count >= 2 && !reader.TryReadNil();
                break;

            default:
                message.Kind = HubMessageKind.Other;
                break;
        }

        return true;
    }

    private static void ReadTick(ref MessagePackReader reader, ref HubWireMessage message)
    {
        var arguments = reader.ReadArrayHeader();
        if (arguments == 0)
        {
            return;
        }

        if (reader.NextMessagePackType == MessagePackType.Map)
        {
            var fields = reader.ReadMapHeader();
            for (var i = 0; i < fields; i++)
            {
                var key = reader.ReadString();
                if (string.Equals(key, "SecurityId", StringComparison.OrdinalIgnoreCase))
                {
                    message.SecurityId = ReadId(ref reader);
                }
                else if (string.Equals(key, "Ltp", StringComparison.OrdinalIgnoreCase))
                {
                    message.Ltp = reader.ReadDouble();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else if (reader.NextMessagePackType == MessagePackType.Array)
        {
            var fields = reader.ReadArrayHeader();
            for (var i = 0; i < fields; i++)
            {
                switch (i)
                {
                    case 1:
                        message.SecurityId = ReadId(ref reader);
                        break;
                    case 2:
                        message.Ltp = reader.NextCode == MessagePackCode.Float32 ? WirePrice.ToDouble(reader.ReadSingle()) : reader.ReadDouble();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
    }

    private static long ReadId(ref MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.String
            ? long.Parse(reader.ReadString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : reader.ReadInt64();

    private static void ReadSubscribeResults(ref MessagePackReader reader, ref HubWireMessage message)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            reader.Skip();
            return;
        }

        var results = reader.ReadArrayHeader();
        for (var r = 0; r < results; r++)
        {
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                reader.Skip();
                continue;
            }

            var fields = reader.ReadMapHeader();
            for (var i = 0; i < fields; i++)
            {
                var key = reader.ReadString();
                if (string.Equals(key, "Accepted", StringComparison.OrdinalIgnoreCase))
                {
                    if (reader.ReadBoolean())
                    {
                        message.Accepted++;
                    }
                    else
                    {
                        message.Rejected++;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private delegate void BodyWriter(ref MessagePackWriter writer);

    private static void SkipHeaders(ref MessagePackReader reader) => reader.Skip();

    // SignalR's VarInt: 7 bits per byte, least significant first, at most 5 bytes.
    private static bool TryReadLength(ReadOnlySpan<byte> buffer, out int length, out int prefix)
    {
        length = 0;
        for (prefix = 0; prefix < Math.Min(5, buffer.Length); prefix++)
        {
            var b = buffer[prefix];
            length |= (b & 0x7F) << (7 * prefix);
            if ((b & 0x80) == 0)
            {
                prefix++;
                return true;
            }
        }

        if (prefix >= 5)
        {
            throw new MessagePackSerializationException("A message length prefix is longer than 5 bytes.");
        }

        return false;
    }

    private static byte[] Frame(BodyWriter write)
    {
        var body = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(body);
        write(ref writer);
        writer.Flush();
        var payload = body.WrittenSpan;
        var output = new byte[payload.Length + 5];
        var length = payload.Length;
        var prefix = 0;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            if (length > 0)
            {
                b |= 0x80;
            }

            output[prefix++] = b;
        }
        while (length > 0);

        payload.CopyTo(output.AsSpan(prefix));
        return output.AsSpan(0, prefix + payload.Length).ToArray();
    }
}
