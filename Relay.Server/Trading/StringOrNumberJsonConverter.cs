using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>
/// Reads a JSON string or number as text (DhanHQ sends security ids as strings; hand-written clients often send
/// numbers); writes a string.
/// </summary>
internal sealed class StringOrNumberJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Number => reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string or a number, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
