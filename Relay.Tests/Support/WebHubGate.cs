using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Relay.Tests.Support;

/// <summary>
/// Network faults between a browser and the hub of a <see cref="WebRelayHost"/>: a middleware in front of the real
/// pipeline that tracks every open request under <c>/hubs/market</c> (the WebSocket of each browser), can cut them
/// (<see cref="DropAll"/>, as a lost network or a crashed proxy would: the TCP connection is reset without a close
/// frame) and can answer new ones with 503 (<see cref="Refuse"/>) until <see cref="Admit"/>.
/// </summary>
internal sealed class WebHubGate : IStartupFilter
{
    private const string HubPath = "/hubs/market";

    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();
    private volatile bool _refusing;
    private int _refused;

    /// <summary>Hub requests in progress (WebSockets and negotiations).</summary>
    public int OpenCount => _open.Count;

    /// <summary>Hub requests answered 503 while refusing.</summary>
    public int RefusedCount => Volatile.Read(ref _refused);

    /// <summary>Answers new hub requests (negotiate and connect) with 503 from now on.</summary>
    public void Refuse() => _refusing = true;

    /// <summary>Lets hub requests through again.</summary>
    public void Admit() => _refusing = false;

    /// <summary>Resets the connection of every open hub request; returns how many.</summary>
    public int DropAll()
    {
        var dropped = 0;
        foreach (var context in _open.Keys)
        {
            context.Abort();
            dropped++;
        }

        return dropped;
    }

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(InvokeAsync);
        next(app);
    };

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(HubPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (_refusing)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        _open.TryAdd(context, 0);
        try
        {
            await next(context);
        }
        finally
        {
            _open.TryRemove(context, out _);
        }
    }
}
