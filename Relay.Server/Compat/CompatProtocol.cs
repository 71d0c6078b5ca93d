using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using Relay.Core.Contracts;
using Relay.Core.Upstream;

namespace Relay.Server.Compat;

/// <summary>
/// The seed system's <c>/ws</c> JSON protocol, byte for byte. Client → server: <c>subscribe</c>,
/// <c>unsubscribe</c> (each with <c>instruments</c>: <c>[{"exchangeSegment":"BSE_EQ","securityId":"500325"}]</c>)
/// and <c>ping</c>. Server → client: <c>status</c>, <c>subscribed</c> (<c>count</c>: instruments the socket now
/// holds), <c>ticker</c>, <c>pong</c> and <c>error</c>.
/// </summary>
internal static class CompatProtocol
{
    // Relaxed escaping: the payload is never embedded in HTML, and seed clients' logs stay readable ('x', not \u0027x\u0027).
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"type":"pong"}</c>.</summary>
    public static byte[] Pong { get; } = """{"type":"pong"}"""u8.ToArray();

    /// <summary>Parses one client message; on failure <paramref name="error"/> says what is wrong, for the client.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out CompatRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 8 });
            if (!JsonDocument.TryParseValue(ref reader, out document!))
            {
                error = "Malformed JSON: empty message.";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = $"Malformed JSON: {ex.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                error = "A message must be a JSON object with a string \"type\": subscribe, unsubscribe or ping.";
                return false;
            }

            var type = typeElement.GetString();
            if (string.Equals(type, "ping", StringComparison.OrdinalIgnoreCase))
            {
                request = new CompatRequest(CompatRequestType.Ping, []);
                error = null;
                return true;
            }

            CompatRequestType requestType;
            if (string.Equals(type, "subscribe", StringComparison.OrdinalIgnoreCase))
            {
                requestType = CompatRequestType.Subscribe;
            }
            else if (string.Equals(type, "unsubscribe", StringComparison.OrdinalIgnoreCase))
            {
                requestType = CompatRequestType.Unsubscribe;
            }
            else
            {
                error = $"Unknown message type '{Truncate(type)}'. Valid types: subscribe, unsubscribe, ping.";
                return false;
            }

            if (!root.TryGetProperty("instruments", out var instruments) || instruments.ValueKind != JsonValueKind.Array)
            {
                error = $"A {type} message needs an \"instruments\" array of {{\"exchangeSegment\",\"securityId\"}} objects.";
                return false;
            }

            var refs = new List<InstrumentRef>(instruments.GetArrayLength());
            foreach (var item in instruments.EnumerateArray())
            {
                refs.Add(item.ValueKind == JsonValueKind.Object
                    ? new InstrumentRef { ExchangeSegment = Text(item, "exchangeSegment"), SecurityId = Text(item, "securityId") }
                    : new InstrumentRef());
            }

            request = new CompatRequest(requestType, refs);
            error = null;
            return true;
        }
    }

    /// <summary>
    /// Writes <c>{"type":"ticker","securityId":"500325","exchangeSegment":"BSE_EQ","ltp":1465.4,"ltt":1729412345}</c>
    /// into <paramref name="buffer"/> (cleared first) and returns a copy to share between sockets.
    /// </summary>
    public static byte[] Ticker(ArrayBufferWriter<byte> buffer, string segment, string securityId, double ltp, long ltt)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "ticker"u8);
            writer.WriteString("securityId"u8, securityId);
            writer.WriteString("exchangeSegment"u8, segment);
            writer.WriteNumber("ltp"u8, ltp);
            writer.WriteNumber("ltt"u8, ltt);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>{"type":"status","message":"Feed Connected","state":"Connected","source":"Simulator"}</c>; the message adds
    /// the reason when there is one. (<c>state</c> and <c>source</c> are additions the seed's clients ignore.)
    /// </summary>
    public static byte[] Status(FeedStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var message = status.Reason is null ? $"Feed {status.State}" : $"Feed {status.State}: {status.Reason}";
        return Write(writer =>
        {
            writer.WriteString("type"u8, "status"u8);
            writer.WriteString("message"u8, message);
            writer.WriteString("state"u8, status.State.ToString());
            writer.WriteString("source"u8, status.Source);
        });
    }

    /// <summary><c>{"type":"subscribed","count":n}</c>.</summary>
    public static byte[] Subscribed(int count) => Write(writer =>
    {
        writer.WriteString("type"u8, "subscribed"u8);
        writer.WriteNumber("count"u8, count);
    });

    /// <summary><c>{"type":"error","message":...}</c>.</summary>
    public static byte[] Error(string message) => Write(writer =>
    {
        writer.WriteString("type"u8, "error"u8);
        writer.WriteString("message"u8, message);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Accepts a string or a number (some seed clients send ids as numbers); anything else reads as missing.
    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? Truncate(string? text) => text is { Length: > 40 } ? string.Concat(text.AsSpan(0, 40), "…") : text;
}
