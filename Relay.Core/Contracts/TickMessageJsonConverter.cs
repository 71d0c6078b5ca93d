using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Core.Contracts;

/// <summary>
/// JSON form of <see cref="TickMessage"/>: <c>[segmentCode, securityId, ltp, ltt]</c>, all numbers, e.g.
/// <c>[1,1333,1465.4,1729412345]</c>. <c>ltp</c> is the same shortest decimal the message holds. Reading is strict:
/// anything else is a <see cref="JsonException"/> that says what was wrong.
/// </summary>
internal sealed class TickMessageJsonConverter : JsonConverter<TickMessage>
{
    private const string Shape = "[segmentCode, securityId, ltp, ltt]";

    /// <summary>Null reaches <see cref="Read"/>, so a null Tick is rejected instead of handed to callbacks.</summary>
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override TickMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A Tick must be a JSON array {Shape}, not {Describe(reader.TokenType)}.");
        }

        var code = ReadInteger(ref reader, "segmentCode");
        var id = ReadInteger(ref reader, "securityId");
        NextNumber(ref reader, "ltp");
        var ltp = reader.GetDouble();
        var ltt = ReadInteger(ref reader, "ltt");

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"A Tick array has more than 4 elements; expected {Shape}.");
        }

        return TickMessage.FromWire(code, id, ltp, ltt, out var error) ?? throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, TickMessage value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        var key = value.GetInstrument();
        writer.WriteStartArray();
        writer.WriteNumberValue((byte)key.Segment);
        writer.WriteNumberValue(key.SecurityId);
        writer.WriteNumberValue(value.Ltp);
        writer.WriteNumberValue(value.Ltt);
        writer.WriteEndArray();
    }

    private static long ReadInteger(ref Utf8JsonReader reader, string field)
    {
        NextNumber(ref reader, field);
        return reader.TryGetInt64(out var value)
            ? value
            : throw new JsonException($"A Tick's {field} must be an integer; got {NumberText(ref reader)}.");
    }

    private static void NextNumber(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            throw new JsonException($"A Tick array ends before {field}; expected {Shape}.");
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"A Tick's {field} must be a number, not {Describe(reader.TokenType)}.");
        }
    }

    // Quoted input kept short; a number split across buffer segments is copied (error path only).
    private static string NumberText(ref Utf8JsonReader reader)
    {
        var bytes = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return bytes.Length <= 40 ? Encoding.UTF8.GetString(bytes) : "a number of more than 40 characters";
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
