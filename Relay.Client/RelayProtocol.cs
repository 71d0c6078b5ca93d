namespace Relay.Client;

/// <summary>The SignalR hub protocol a <see cref="RelayClient"/> speaks; the relay serves both.</summary>
public enum RelayProtocol
{
    /// <summary>JSON text frames (camelCase). The default: readable in browser tools and proxies.</summary>
    Json,

    /// <summary>MessagePack binary frames: smaller and cheaper to parse; preferred for many instruments.</summary>
    MessagePack,
}
