namespace Relay.Core.Simulator;

/// <summary>One recorded violation of a DhanHQ limit.</summary>
/// <param name="Type">What was broken.</param>
/// <param name="SocketId">The simulator's id of the socket that broke it (for <see cref="SimulatorViolationType.TooManyConnections"/>: the new socket).</param>
/// <param name="Details">What happened, for a test failure message. Never carries credentials.</param>
/// <param name="At">When, from the simulator's <see cref="TimeProvider"/>.</param>
public sealed record SimulatorViolation(SimulatorViolationType Type, int SocketId, string Details, DateTimeOffset At);
