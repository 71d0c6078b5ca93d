using Microsoft.Extensions.Logging;

namespace Relay.Client.Internal;

/// <summary>
/// The caller's logger factory as handed to SignalR, with the HTTP connection's own categories capped at Warning:
/// at lower levels they log the connection token (<c>?id=...</c>), which must never reach a log.
/// </summary>
internal sealed class SignalRLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string ConnectionCategoryPrefix = "Microsoft.AspNetCore.Http.Connections.Client";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(ConnectionCategoryPrefix, StringComparison.Ordinal) ? new WarningAndAbove(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The caller owns the inner factory; nothing to release here.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningAndAbove(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
