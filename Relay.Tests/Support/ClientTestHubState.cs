using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Relay.Core.Contracts;

namespace Relay.Tests.Support;

/// <summary>
/// What the client test hub records and answers with; survives a server restart when passed to the next
/// <see cref="ClientTestServer"/>.
/// </summary>
internal sealed class ClientTestHubState
{
    private readonly ConcurrentQueue<ClientTestHubCall> _calls = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private int _connects;

    /// <summary>Snapshots returned for accepted instruments.</summary>
    public ConcurrentDictionary<InstrumentKey, FullMessage> Snapshots { get; } = new();

    /// <summary>Instruments the hub rejects, with the reason.</summary>
    public ConcurrentDictionary<InstrumentKey, string> Rejections { get; } = new();

    /// <summary>Sent to every client on connect through <c>FeedStatus</c>.</summary>
    public FeedStatusMessage FeedStatus { get; set; } = new() { State = nameof(FeedState.Connected), Source = "Simulator", Since = 1 };

    /// <summary>Bearer tokens seen on connect (the <c>Authorization</c> header or <c>access_token</c> query).</summary>
    public ConcurrentQueue<string?> AccessTokens { get; } = new();

    /// <summary>How many connections were ever made.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _connections.Count;

    public IReadOnlyList<ClientTestHubCall> Calls => [.. _calls];

    public IReadOnlyList<string> ConnectionIds => [.. _connections.Keys];

    /// <summary>True when a call of <paramref name="method"/> for the instrument and mode arrived on a connection other than <paramref name="notOn"/>.</summary>
    public bool Received(string method, InstrumentKey instrument, FeedMode mode, string? notOn = null) =>
        _calls.Any(c => c.ConnectionId != notOn && c.Contains(method, instrument, mode));

    /// <summary>
    /// Ends every open connection from the hub (<c>Context.Abort()</c>): SignalR sends a close message that forbids
    /// automatic reconnect, so the client sees its connection closed.
    /// </summary>
    public void AbortAll()
    {
        foreach (var context in _connections.Values)
        {
            context.Abort();
        }
    }

    /// <summary>Cuts every open connection's TCP socket, as a network failure would: no close message, so SignalR reconnects.</summary>
    public void DropTransportAll()
    {
        foreach (var context in _connections.Values)
        {
            context.GetHttpContext()?.Abort();
        }
    }

    internal void Record(ClientTestHubCall call) => _calls.Enqueue(call);

    internal void Connected(HubCallerContext context, string? accessToken)
    {
        Interlocked.Increment(ref _connects);
        AccessTokens.Enqueue(accessToken);
        _connections[context.ConnectionId] = context;
    }

    internal void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);
}
