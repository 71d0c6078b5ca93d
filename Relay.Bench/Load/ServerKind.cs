namespace Relay.Bench.Load;

/// <summary>The server under test.</summary>
internal enum ServerKind
{
    /// <summary>Relay itself (Relay.Server.dll), pointed at the simulator as if it were DhanHQ.</summary>
    Relay,

    /// <summary>The hand-written plain SignalR server (<c>baseline-server</c>).</summary>
    Baseline,
}
