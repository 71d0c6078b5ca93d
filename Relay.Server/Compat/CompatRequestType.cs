namespace Relay.Server.Compat;

/// <summary>The client messages of the <c>/ws</c> protocol.</summary>
internal enum CompatRequestType
{
    /// <summary><c>{"type":"subscribe","instruments":[...]}</c>.</summary>
    Subscribe,

    /// <summary><c>{"type":"unsubscribe","instruments":[...]}</c>.</summary>
    Unsubscribe,

    /// <summary><c>{"type":"ping"}</c>, answered with <c>{"type":"pong"}</c>.</summary>
    Ping,
}
