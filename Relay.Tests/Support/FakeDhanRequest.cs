namespace Relay.Tests.Support;

/// <summary>One handshake request seen by <see cref="FakeDhanServer"/>.</summary>
/// <param name="RawQuery">The query string exactly as sent (still URL-escaped), with the leading '?'.</param>
/// <param name="Query">The decoded query parameters.</param>
/// <param name="Path">The request path.</param>
internal sealed record FakeDhanRequest(string RawQuery, IReadOnlyDictionary<string, string> Query, string Path);
