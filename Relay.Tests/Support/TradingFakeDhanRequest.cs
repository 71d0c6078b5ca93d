namespace Relay.Tests.Support;

/// <summary>One request the fake DhanHQ REST server received (header names lower-case).</summary>
internal sealed record TradingFakeDhanRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
