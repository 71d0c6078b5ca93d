using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>
/// A minimal stand-in for DhanHQ's feed endpoint on 127.0.0.1 (random port), for upstream tests: records
/// every handshake, can refuse it with an HTTP status, hands each accepted WebSocket to the test as a
/// <see cref="FakeDhanSession"/> (play frames, drop, close, disconnect packet), or keeps it silent.
/// </summary>
internal sealed class FakeDhanServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<FakeDhanSession> _sessions = Channel.CreateUnbounded<FakeDhanSession>();
    private readonly ConcurrentQueue<FakeDhanRequest> _requests = new();
    private readonly ConcurrentBag<FakeDhanSession> _all = [];
    private int _sessionCount;

    private FakeDhanServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The endpoint, <c>ws://127.0.0.1:port</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>When set, handshakes are answered with this HTTP status instead of 101.</summary>
    public int? RejectWithStatus { get; set; }

    /// <summary>When true, accepted sessions never read nor write: no data, no pongs (a dead peer behind a live TCP connection).</summary>
    public bool Silent { get; set; }

    /// <summary>Runs on every accepted session before it is handed to the test (e.g. send a disconnect packet).</summary>
    public Func<FakeDhanSession, Task>? OnAccepted { get; set; }

    /// <summary>Every handshake seen, in order.</summary>
    public IReadOnlyList<FakeDhanRequest> Requests => [.. _requests];

    /// <summary>Handshakes seen.</summary>
    public int HandshakeCount => _requests.Count;

    /// <summary>Starts the server.</summary>
    public static async Task<FakeDhanServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new FakeDhanServer(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First());
        server.Url = new Uri($"ws://127.0.0.1:{address.Port}");
        return server;
    }

    /// <summary>The next accepted session.</summary>
    public async Task<FakeDhanSession> NextSessionAsync(CancellationToken cancellationToken) => await _sessions.Reader.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var session in _all)
        {
            session.Drop();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        var request = new FakeDhanRequest(context.Request.QueryString.Value ?? string.Empty, query, context.Request.Path.Value ?? "/");
        _requests.Enqueue(request);
        if (RejectWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new FakeDhanSession(Interlocked.Increment(ref _sessionCount), context, socket, request);
        _all.Add(session);
        var silent = Silent;
        if (OnAccepted is { } onAccepted)
        {
            await onAccepted(session);
        }

        _sessions.Writer.TryWrite(session);
        if (silent)
        {
            await session.RunSilentAsync();
        }
        else
        {
            await session.RunReadLoopAsync();
        }
    }
}
