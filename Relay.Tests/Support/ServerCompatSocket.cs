using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Relay.Tests.Support;

/// <summary>A raw <see cref="ClientWebSocket"/> speaking the seed system's <c>/ws</c> JSON protocol.</summary>
internal sealed class ServerCompatSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private HttpMessageInvoker? _invoker;

    /// <summary>The socket (for close handshakes and state).</summary>
    public ClientWebSocket Socket => _socket;

    /// <summary>Connects to <c>ws://…/ws</c>.</summary>
    /// <param name="baseUri">The server.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <param name="receiveBufferBytes">A small TCP receive buffer, to play a client that stops reading; <c>null</c> for the default.</param>
    public static async Task<ServerCompatSocket> ConnectAsync(Uri baseUri, CancellationToken cancellationToken, int? receiveBufferBytes = null)
    {
        var client = new ServerCompatSocket();
        var uri = new UriBuilder(new Uri(baseUri, "/ws")) { Scheme = "ws" }.Uri;
        if (receiveBufferBytes is { } size)
        {
            client._invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, token) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size };
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            });
            await client._socket.ConnectAsync(uri, client._invoker, cancellationToken);
        }
        else
        {
            await client._socket.ConnectAsync(uri, cancellationToken);
        }

        return client;
    }

    /// <summary>Sends one text message as is.</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Receives one text message; <c>null</c> when the server closed the socket.</summary>
    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    /// <summary>Receives messages until one has <c>"type"</c> equal to <paramref name="type"/>; returns its text.</summary>
    public async Task<string> ReceiveTypeAsync(string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = await ReceiveAsync(cancellationToken) ?? throw new WebSocketException($"Closed while waiting for a '{type}' message.");
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.GetProperty("type").GetString() == type)
            {
                return text;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        _invoker?.Dispose();
    }
}
