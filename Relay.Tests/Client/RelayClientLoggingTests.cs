using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

internal sealed class RelayClientLoggingTests
{
    [Test]
    [CancelAfter(15_000)]
    public async Task Logs_ConnectSubscribeReconnectAtTraceLevel_NeverCarryTokenOrConnectionToken(CancellationToken cancellationToken)
    {
        const string Token = "secret-token-7f3a";
        await using var server = await ClientTestServer.StartAsync();
        var lines = new ConcurrentQueue<string>();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(lines)));
        await using var client = RelayClient.Create(server.Url)
            .WithAccessToken(() => Task.FromResult<string?>(Token))
            .WithReconnectPolicy(ClientTestContext.FastPolicy)
            .WithLogger(loggerFactory)
            .Build();

        await client.ConnectAsync(cancellationToken);
        await client.SubscribeAsync([InstrumentKey.Parse("NSE_EQ:1333")], FeedMode.Ticker, cancellationToken);
        var first = server.State.ConnectionIds.Single();
        server.State.AbortAll();
        await ClientTestWait.UntilAsync(() => server.State.ConnectionIds.Any(id => id != first) && client.State == RelayConnectionState.Connected, "the client reconnected", cancellationToken);

        lines.Should().Contain(l => l.Contains("Connecting to http://127.0.0.1", StringComparison.Ordinal), "the client's own messages are logged");
        lines.Should().Contain(l => l.StartsWith("Microsoft.AspNetCore.SignalR.Client", StringComparison.Ordinal), "SignalR's messages go to the same factory");
        lines.Should().NotContain(l => l.Contains(Token, StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains("id=", StringComparison.Ordinal), "the connection token in the transport URL is secret");
        lines.Should().NotContain(l => server.State.ConnectionIds.Append(first).Any(id => l.Contains(id, StringComparison.Ordinal)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }
}
