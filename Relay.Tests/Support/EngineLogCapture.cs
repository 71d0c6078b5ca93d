using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>An <see cref="ILoggerProvider"/> keeping every entry of an engine run, at every level, with its structured values and exception.</summary>
internal sealed class EngineLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<EngineLogEntry> _entries = new();

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyList<EngineLogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CaptureLogger(EngineLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" | ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            owner._entries.Enqueue(new EngineLogEntry(logLevel, category, eventId.Id, $"{formatter(state, exception)} {{{values}}}", exception));
        }
    }
}
