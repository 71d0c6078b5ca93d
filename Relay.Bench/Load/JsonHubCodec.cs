using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Relay.Bench.Load;

/// <summary>
/// The SignalR JSON hub protocol, reduced to what a load client needs: it writes the handshake, <c>Subscribe</c> and
/// pings, and reads only the type, the target, a Tick's <c>securityId</c> and <c>ltp</c> (positions 1 and 2 of its
/// <c>[segmentCode, securityId, ltp, ltt]</c> array), and a completion's
/// <c>accepted</c> flags. Records end with the 0x1E record separator.
/// </summary>
internal static class JsonHubCodec
{
    /// <summary>The record separator.</summary>
    public const byte Separator = 0x1E;

    private static readonly byte[] PingRecord = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    /// <summary>A ping message.</summary>
    public static ReadOnlyMemory<byte> Ping => PingRecord;

    /// <summary>The handshake request for <paramref name="protocol"/> (always JSON, whatever the protocol).</summary>
    public static byte[] Handshake(HubProtocolKind protocol) => Encoding.UTF8.GetBytes(
        protocol == HubProtocolKind.Json ? "{\"protocol\":\"json\",\"version\":1}\u001e" : "{\"protocol\":\"messagepack\",\"version\":1}\u001e");

    /// <summary>A <c>Subscribe(instruments, "Ticker")</c> invocation with id <paramref name="invocationId"/>.</summary>
    public static byte[] Subscribe(IReadOnlyList<long> securityIds, string segment, string invocationId)
    {
        ArgumentNullException.ThrowIfNull(securityIds);
        var buffer = new ArrayBufferWriter<byte>(64 + (securityIds.Count * 48));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", 1);
            writer.WriteString("invocationId", invocationId);
            writer.WriteString("target", "Subscribe");
            writer.WriteStartArray("arguments");
            writer.WriteStartArray();
            foreach (var id in securityIds)
            {
                writer.WriteStartObject();
                writer.WriteString("exchangeSegment", segment);
                writer.WriteString("securityId", id.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStringValue("Ticker");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.Write([Separator]);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads the first complete record of <paramref name="buffer"/>; false when none is complete yet.
    /// <paramref name="consumed"/> includes the separator.
    /// </summary>
    /// <exception cref="JsonException">The record is not valid JSON.</exception>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out int consumed, out HubWireMessage message)
    {
        message = default;
        var end = buffer.IndexOf(Separator);
        if (end < 0)
        {
            consumed = 0;
            return false;
        }

        consumed = end + 1;
        message.WireSize = consumed;
        var reader = new Utf8JsonReader(buffer[..end]);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A hub message is not a JSON object.");
        }

        var type = 0;
        var isTick = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                isTick = reader.ValueTextEquals("Tick"u8);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                ReadTickArguments(ref reader, ref message);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                ReadSubscribeResults(ref reader, ref message);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                message.HasError = reader.TokenType != JsonTokenType.Null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        message.Kind = type switch
        {
            1 when isTick => HubMessageKind.Tick,
            3 => HubMessageKind.Completion,
            6 => HubMessageKind.Ping,
            7 => HubMessageKind.Close,
            _ => HubMessageKind.Other,
        };
        return true;
    }

    // arguments: [ [segmentCode, securityId, ltp, ltt] ] (Relay's Tick), or [ { "securityId": "...", "ltp": 1.5, ... } ]
    // (the object form of older servers) — only the first argument is read.
    private static void ReadTickArguments(ref Utf8JsonReader reader, ref HubWireMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                switch (i)
                {
                    case 1:
                        message.SecurityId = reader.GetInt64();
                        break;
                    case 2:
                        message.Ltp = reader.GetDouble();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("securityId"u8))
                {
                    reader.Read();
                    message.SecurityId = reader.TokenType == JsonTokenType.String
                        ? long.Parse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)
                        : reader.GetInt64();
                }
                else if (reader.ValueTextEquals("ltp"u8))
                {
                    reader.Read();
                    message.Ltp = reader.GetDouble();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        // Any further arguments.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }
    }

    // result: [ { "accepted": true, ... }, ... ] for Subscribe; anything else is skipped.
    private static void ReadSubscribeResults(ref Utf8JsonReader reader, ref HubWireMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("accepted"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.True)
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
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }
}
