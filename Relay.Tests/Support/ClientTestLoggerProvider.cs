using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>Appends client logs to the file named by <c>RELAY_TEST_LOG</c> (for debugging); silent when it is unset.</summary>
internal sealed class ClientTestLoggerProvider : ILoggerProvider
{
    public static ILoggerFactory CreateFactory() =>
        Environment.GetEnvironmentVariable("RELAY_TEST_LOG") is { Length: > 0 }
            ? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new ClientTestLoggerProvider()))
            : LoggerFactory.Create(_ => { });

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            File.AppendAllText(Environment.GetEnvironmentVariable("RELAY_TEST_LOG")!, $"{TimeProvider.System.GetLocalNow():HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}{Environment.NewLine}");
    }
}
