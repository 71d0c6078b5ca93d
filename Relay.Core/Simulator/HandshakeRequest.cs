namespace Relay.Core.Simulator;

/// <summary>An HTTP/1.1 request head as the simulator's listener read it.</summary>
/// <param name="Method">The method, e.g. <c>GET</c>.</param>
/// <param name="Path">The path of the request target, e.g. <c>/</c>.</param>
/// <param name="Query">Query parameters, URL-decoded; the last value wins on repeats.</param>
/// <param name="HttpVersion">The protocol, e.g. <c>HTTP/1.1</c>.</param>
/// <param name="Headers">Headers (names case-insensitive); repeated headers are joined with a comma.</param>
internal sealed record HandshakeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string HttpVersion,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A header value, or <c>null</c>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A query parameter, or <c>null</c>.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
