using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Relay.Core.Protocol;

namespace Relay.Tests.Support;

/// <summary>One accepted WebSocket on <see cref="FakeDhanServer"/>: plays frames, records the client's text frames, drops or closes on demand.</summary>
internal sealed class FakeDhanSession
{
    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<string> _texts = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _clientClose = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeDhanSession(int number, HttpContext context, WebSocket socket, FakeDhanRequest request)
    {
        Number = number;
        _context = context;
        _socket = socket;
        Request = request;
    }

    /// <summary>1-based order of acceptance on the server.</summary>
    public int Number { get; }

    /// <summary>The handshake request.</summary>
    public FakeDhanRequest Request { get; }

    /// <summary>Completes when the session is over (dropped, closed, or the client went away).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Completes with the close status the client sent, or null when the connection ended without a close frame.</summary>
    public Task<WebSocketCloseStatus?> ClientClose => _clientClose.Task;

    /// <summary>Every text frame the client sent so far.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>Sends one binary frame.</summary>
    public async Task SendAsync(byte[] frame, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends one message split into several fragments of <paramref name="fragmentSize"/> bytes.</summary>
    public async Task SendFragmentedAsync(byte[] frame, int fragmentSize, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            for (var offset = 0; offset < frame.Length; offset += fragmentSize)
            {
                var count = Math.Min(fragmentSize, frame.Length - offset);
                await _socket.SendAsync(frame.AsMemory(offset, count), WebSocketMessageType.Binary, offset + count == frame.Length, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a text frame (DhanHQ never does).</summary>
    public async Task SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Sends a feed-disconnect packet (code 50) and then a close frame, as DhanHQ does. (A TCP reset right
    /// after the packet could discard it unread on the client: a reset drops unread data.)
    /// </summary>
    public async Task SendDisconnectAndCloseAsync(ushort reason, CancellationToken cancellationToken = default)
    {
        var packet = new byte[DisconnectPacket.Size];
        new DisconnectPacket(reason).Write(packet);
        await SendAsync(packet, cancellationToken);
        await CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken);
    }

    /// <summary>Closes with a close frame.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.CloseOutputAsync(status, description, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Drop()
    {
        if (_ended.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already finished.
        }

        _clientClose.TrySetResult(null);
        _ended.TrySetResult();
    }

    /// <summary>The next text frame from the client.</summary>
    public async Task<string> NextTextAsync(CancellationToken cancellationToken) => await _texts.Reader.ReadAsync(cancellationToken);

    /// <summary>Reads until the client closes or the connection ends; answers pings meanwhile (the runtime does, while a read is pending).</summary>
    internal async Task RunReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _context.RequestAborted);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _clientClose.TrySetResult(_socket.CloseStatus);
                    await _sendLock.WaitAsync();
                    try
                    {
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                        }
                    }
                    finally
                    {
                        _sendLock.Release();
                    }

                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    var text = Encoding.UTF8.GetString(buffer, 0, count);
                    lock (Texts)
                    {
                        Texts.Add(text);
                    }

                    _texts.Writer.TryWrite(text);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _clientClose.TrySetResult(null);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>Waits (without reading: no pongs, no data) until dropped or the client goes away.</summary>
    internal async Task RunSilentAsync()
    {
        try
        {
            await _ended.Task.WaitAsync(_context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            _clientClose.TrySetResult(null);
            _ended.TrySetResult();
        }
    }
}
