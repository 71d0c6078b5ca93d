namespace Relay.Core.Subscriptions;

/// <summary>How full one upstream socket is in the desired set.</summary>
/// <param name="Socket">The socket (0-based).</param>
/// <param name="Used">Distinct instruments placed on it.</param>
/// <param name="Free">Instruments it can still take.</param>
internal readonly record struct SocketUsage(int Socket, int Used, int Free);
