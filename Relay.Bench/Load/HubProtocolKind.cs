namespace Relay.Bench.Load;

/// <summary>The SignalR hub protocol a load connection speaks.</summary>
internal enum HubProtocolKind
{
    /// <summary><c>json</c>: text records ended by 0x1E.</summary>
    Json,

    /// <summary><c>messagepack</c>: binary records with a VarInt length prefix.</summary>
    MessagePack,
}
