using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>Every log entry of a <see cref="RelayAppHost"/> at every enabled level, with scopes' arguments and exceptions.</summary>
internal sealed class RelayAppLogs : ILoggerProvider
{
    /// <summary>The entries, in order.</summary>
    public ConcurrentQueue<(LogLevel Level, string Category, EventId EventId, string Message)> Entries { get; } = new();

    /// <summary>Every entry as one text (level, category, message, exception), for "never appears" assertions.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var (level, category, eventId, message) in Entries)
        {
            text.Append(level).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ").AppendLine(message);
        }

        return text.ToString();
    }

    /// <summary>Entries of <paramref name="eventId"/>.</summary>
    public IEnumerable<string> WithEventId(int eventId) => Entries.Where(e => e.EventId.Id == eventId).Select(e => e.Message);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(RelayAppLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            // Scopes can carry values too (request paths, connection ids): record them as entries of their own.
            owner.Entries.Enqueue((LogLevel.None, category, default, "scope: " + state));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                message += " | " + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            if (exception is not null)
            {
                message += Environment.NewLine + exception;
            }

            owner.Entries.Enqueue((logLevel, category, eventId, message));
        }
    }
}
