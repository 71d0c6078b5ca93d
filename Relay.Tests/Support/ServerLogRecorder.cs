using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>Records warnings and errors of a test server, so tests can assert there was no exception spam.</summary>
internal sealed class ServerLogRecorder : ILoggerProvider
{
    /// <summary>Every entry at <see cref="LogLevel.Warning"/> or above: level, category, message, exception.</summary>
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(ServerLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
