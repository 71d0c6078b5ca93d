using System.Security.Cryptography;
using System.Text;

namespace Relay.Core.Simulator;

/// <summary>
/// The server side of the RFC 6455 opening handshake over a raw stream: reads the HTTP/1.1 request head, validates
/// it, and writes <c>101 Switching Protocols</c> or a plain HTTP error. No ASP.NET.
/// </summary>
internal static class WebSocketHandshake
{
    /// <summary>Largest request head accepted, in bytes.</summary>
    internal const int MaxRequestHeadBytes = 16 * 1024;

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// Reads bytes up to and including the blank line ending the request head. Returns <c>null</c> when the peer closed
    /// first; throws <see cref="InvalidDataException"/> for a head that is too large or followed by early bytes.
    /// </summary>
    public static async Task<byte[]?> ReadRequestHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new InvalidDataException("request head too large");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            var searchFrom = Math.Max(0, length - 3);
            length += read;
            var end = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var headLength = searchFrom + end + 4;

                // A client must wait for 101 before sending frames; bytes after the head mean a confused peer.
                return headLength == length ? buffer[..headLength] : throw new InvalidDataException("bytes sent before the upgrade completed");
            }
        }
    }

    /// <summary>Parses a request head; <c>null</c> when the request line or a header line is malformed.</summary>
    public static HandshakeRequest? Parse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[1].Length == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? $"{existing}, {value}" : value;
        }

        var target = requestLine[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question >= 0 ? target[..question] : target;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString((equals >= 0 ? pair[..equals] : pair).Replace('+', ' '));
                var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : string.Empty;
                query[key] = value;
            }
        }

        return new HandshakeRequest(requestLine[0], path, query, requestLine[2], headers);
    }

    /// <summary>
    /// Checks an upgrade request. Returns 0 when it is a valid WebSocket upgrade for <c>/</c>, otherwise the HTTP status
    /// to answer with and, in <paramref name="problem"/>, why.
    /// </summary>
    public static int Validate(HandshakeRequest request, out string? problem)
    {
        problem = null;
        if (!string.Equals(request.HttpVersion, "HTTP/1.1", StringComparison.Ordinal))
        {
            problem = "not HTTP/1.1";
            return 400;
        }

        if (!string.Equals(request.Method, "GET", StringComparison.Ordinal))
        {
            problem = "method is not GET";
            return 405;
        }

        if (request.Path != "/")
        {
            problem = "unknown path";
            return 404;
        }

        if (!HasToken(request.Header("Upgrade"), "websocket") || !HasToken(request.Header("Connection"), "Upgrade"))
        {
            problem = "missing Upgrade: websocket / Connection: Upgrade";
            return 400;
        }

        if (request.Header("Sec-WebSocket-Version") != "13")
        {
            problem = "Sec-WebSocket-Version is not 13";
            return 426;
        }

        var key = request.Header("Sec-WebSocket-Key");
        Span<byte> decoded = stackalloc byte[32];
        if (key is null || !Convert.TryFromBase64String(key, decoded, out var written) || written != 16)
        {
            problem = "missing or invalid Sec-WebSocket-Key";
            return 400;
        }

        return 0;
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value for a <c>Sec-WebSocket-Key</c> (RFC 6455 §4.2.2).</summary>
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    /// <summary>Writes the <c>101 Switching Protocols</c> response.</summary>
    public static ValueTask WriteSwitchingProtocolsAsync(Stream stream, string key, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Accept: {ComputeAccept(key)}\r\n\r\n"), cancellationToken);

    /// <summary>Writes a plain HTTP error response with a short text body and <c>Connection: close</c>.</summary>
    public static ValueTask WriteErrorAsync(Stream stream, int status, string? body, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(body ?? ReasonPhrase(status));
        var extra = status switch
        {
            426 => "Sec-WebSocket-Version: 13\r\n",
            429 or 503 => "Retry-After: 60\r\n",
            _ => string.Empty,
        };
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {content.Length}\r\n{extra}Connection: close\r\n\r\n");
        var response = new byte[head.Length + content.Length];
        head.CopyTo(response, 0);
        content.CopyTo(response, head.Length);
        return stream.WriteAsync(response, cancellationToken);
    }

    /// <summary>The standard reason phrase of a status code.</summary>
    public static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    };

    private static bool HasToken(string? header, string token) =>
        header is not null && header.Split(',').Any(part => string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase));
}
