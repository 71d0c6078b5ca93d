using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>One captured log entry of an engine run.</summary>
/// <param name="Level">The level.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Text">The formatted message, then every structured value (<c>name=value</c>).</param>
/// <param name="Exception">The attached exception, or <c>null</c>.</param>
internal sealed record EngineLogEntry(LogLevel Level, string Category, int EventId, string Text, Exception? Exception)
{
    /// <summary>Everything a log sink could write for this entry: level, category, text, values and the exception's full text.</summary>
    public override string ToString() => $"{Level} {Category} [{EventId}] {Text} {Exception}";
}
