using System.Collections.Concurrent;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

/// <summary>Records session callbacks per socket; optionally runs an action on each start (e.g. a replay).</summary>
internal sealed class RecordingSessionListener : IUpstreamSessionListener
{
    private readonly ConcurrentDictionary<int, int> _started = new();
    private readonly ConcurrentDictionary<int, int> _ended = new();
    private readonly ConcurrentQueue<string> _events = new();

    public Func<int, CancellationToken, ValueTask>? OnStarted { get; set; }

    public IReadOnlyList<string> Events => [.. _events];

    public int Started(int socket) => _started.GetValueOrDefault(socket);

    public int Ended(int socket) => _ended.GetValueOrDefault(socket);

    public async ValueTask OnSessionStartedAsync(int socket, CancellationToken cancellationToken)
    {
        _events.Enqueue($"started:{socket}");
        _started.AddOrUpdate(socket, 1, (_, n) => n + 1);
        if (OnStarted is { } onStarted)
        {
            await onStarted(socket, cancellationToken);
        }
    }

    public void OnSessionEnded(int socket)
    {
        _events.Enqueue($"ended:{socket}");
        _ended.AddOrUpdate(socket, 1, (_, n) => n + 1);
    }
}
