using System.Text.Json;

namespace Relay.Bench.Load;

/// <summary>JSON settings of the harness's result files.</summary>
internal static class LoadJson
{
    /// <summary>camelCase, indented.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
