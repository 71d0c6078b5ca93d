using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Server.Trading;

/// <summary>JSON settings for DhanHQ REST: camelCase, nulls omitted, numbers also read from strings.</summary>
internal static class DhanJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
