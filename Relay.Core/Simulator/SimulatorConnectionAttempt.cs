namespace Relay.Core.Simulator;

/// <summary>One TCP connection the simulator accepted and what it did with it.</summary>
/// <param name="Number">1-based sequence number of the attempt.</param>
/// <param name="At">When the TCP connection was accepted, from the simulator's <see cref="TimeProvider"/>.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SocketId">The socket id when the upgrade succeeded, otherwise <c>null</c>.</param>
/// <param name="HttpStatus">The HTTP status answered (101 when upgraded).</param>
/// <param name="DisconnectReason">The disconnect reason sent when rejected for credentials, otherwise <c>null</c>.</param>
public sealed record SimulatorConnectionAttempt(
    int Number,
    DateTimeOffset At,
    SimulatorConnectionOutcome Outcome,
    int? SocketId,
    int HttpStatus,
    ushort? DisconnectReason);
