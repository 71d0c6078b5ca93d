using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Relay.Tests.Support;

/// <summary>
/// A hand-made SignalR JSON client over a raw WebSocket (no negotiation): sends the handshake and invocations as
/// text, and reads nothing unless asked. Its TCP receive buffer can be made small, to play a client that stops reading.
/// </summary>
internal sealed class ServerRawHubSocket : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly StringBuilder _pending = new();

    private ServerRawHubSocket(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    /// <summary>The socket's state.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>Connects to <c>/hubs/market</c> and completes the JSON handshake.</summary>
    public static async Task<ServerRawHubSocket> ConnectAsync(Uri baseUri, CancellationToken cancellationToken, int? receiveBufferBytes = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferBytes is { } size)
                {
                    socket.ReceiveBufferSize = size; // Before connecting, so the advertised window stays small.
                }

                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(baseUri, Relay.Core.Contracts.MarketHub.Path)) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(uri, invoker, cancellationToken);
        var client = new ServerRawHubSocket(socket, invoker);
        await client.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        var handshake = await client.ReceiveAsync(cancellationToken);
        if (handshake != "{}")
        {
            throw new InvalidOperationException($"Handshake failed: {handshake}");
        }

        return client;
    }

    /// <summary>Sends one SignalR JSON message (the record separator is appended).</summary>
    public Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Receives the next SignalR JSON message (without its record separator).</summary>
    public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The server closed the socket.");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    /// <summary>Receives messages until one contains <paramref name="fragment"/>; returns it.</summary>
    public async Task<string> ReceiveUntilAsync(string fragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await ReceiveAsync(cancellationToken);
            if (message.Contains(fragment, StringComparison.Ordinal))
            {
                return message;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
    }
}
