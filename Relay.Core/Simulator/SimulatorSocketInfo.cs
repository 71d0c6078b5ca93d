namespace Relay.Core.Simulator;

/// <summary>One authenticated socket of the simulator, open or closed.</summary>
/// <param name="Id">The simulator's id of the socket (1, 2, ... in order of opening).</param>
/// <param name="OpenedAt">When it was authenticated.</param>
/// <param name="ClosedAt">When it ended, or <c>null</c> while open.</param>
/// <param name="CloseReason">Why it ended (e.g. <c>client closed</c>, <c>evicted (805)</c>, <c>keep-alive timeout</c>), or <c>null</c> while open.</param>
public sealed record SimulatorSocketInfo(int Id, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string? CloseReason);
