using System.Net.WebSockets;

namespace Relay.Core.Upstream;

/// <summary>
/// One connected upstream WebSocket: the socket, its send lock, its inbound-activity tracker and the
/// staleness watchdog. Lives from the completed handshake until the session ends.
/// </summary>
/// <remarks>
/// Watchdog rule: when no byte at all has arrived from the peer for <c>StaleAfter</c> (no data frame, no
/// ping from DhanHQ, no pong to Relay's keep-alive ping) the socket is dead: the watchdog reports it
/// (<see cref="StaleDetected"/>, the <c>onStale</c> callback) and aborts the socket. The timer is re-armed
/// for exactly the remaining silence allowance each time it fires early, so it costs nothing per byte.
/// </remarks>
internal sealed class UpstreamSession : IDisposable
{
    private readonly InboundActivity _activity;
    private readonly TimeSpan _staleAfter;
    private readonly Action<UpstreamSession> _onStale;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly ITimer _watchdog;
    private SessionOutcome? _abortOutcome;

    /// <summary>Creates the session for a connected <paramref name="socket"/>; call <see cref="StartWatchdog"/> next.</summary>
    public UpstreamSession(ClientWebSocket socket, InboundActivity activity, TimeSpan staleAfter, TimeProvider timeProvider, DateTimeOffset connectedAt, Action<UpstreamSession> onStale)
    {
        Socket = socket;
        _activity = activity;
        _staleAfter = staleAfter;
        _onStale = onStale;
        ConnectedAt = connectedAt;
        Token = _abort.Token;
        _watchdog = timeProvider.CreateTimer(static s => ((UpstreamSession)s!).OnWatchdog(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The socket.</summary>
    public ClientWebSocket Socket { get; }

    /// <summary>When the handshake completed.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Cancelled when the session is aborted (receive loop and replay stop).</summary>
    public CancellationToken Token { get; }

    /// <summary>Why Relay itself aborted the session (watchdog, failed replay), or <c>null</c>.</summary>
    public SessionOutcome? AbortOutcome => Volatile.Read(ref _abortOutcome);

    /// <summary>Whether the watchdog declared the socket dead.</summary>
    public bool StaleDetected => AbortOutcome is { Kind: SessionEndKind.Stale };

    /// <summary>Arms the watchdog.</summary>
    public void StartWatchdog() => _watchdog.Change(_staleAfter, Timeout.InfiniteTimeSpan);

    /// <summary>Sends one message; false (never throws) when the socket is not open or fails meanwhile.</summary>
    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (Socket.State != WebSocketState.Open || Token.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (Socket.State != WebSocketState.Open)
            {
                return false;
            }

            await Socket.SendAsync(message, type, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame (without waiting for the peer's); the receive loop sees the peer's answer.</summary>
    public async ValueTask CloseOutputAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Socket.CloseOutputAsync(status, description, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Ends the session as <paramref name="outcome"/> (first caller wins) and aborts the socket.</summary>
    public void Abort(SessionOutcome outcome)
    {
        Interlocked.CompareExchange(ref _abortOutcome, outcome, null);
        Abort();
    }

    /// <summary>Aborts the socket (no-op when already closed); the receive loop and any pending send end.</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the session is over.
        }

        Socket.Abort();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watchdog.Dispose();
        _abort.Dispose();
    }

    private void OnWatchdog()
    {
        if (Token.IsCancellationRequested)
        {
            return;
        }

        var silence = _activity.Silence;
        if (silence >= _staleAfter)
        {
            _onStale(this);
            Abort(UpstreamFaults.ForStale(_staleAfter));
            return;
        }

        try
        {
            _watchdog.Change(_staleAfter - silence, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }
}
