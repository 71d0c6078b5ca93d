namespace Relay.Core.Simulator;

/// <summary>A DhanHQ limit or rule a client broke; the relay must never commit one.</summary>
public enum SimulatorViolationType
{
    /// <summary>More instruments in one request than <see cref="SimulatorOptions.MaxInstrumentsPerRequest"/> (100).</summary>
    TooManyInstrumentsInRequest,

    /// <summary><c>InstrumentCount</c> missing or not equal to the length of <c>InstrumentList</c>.</summary>
    InstrumentCountMismatch,

    /// <summary>More distinct instruments on one socket than <see cref="SimulatorOptions.MaxInstrumentsPerSocket"/> (5000).</summary>
    TooManyInstrumentsOnSocket,

    /// <summary>More open sockets for one client id than <see cref="SimulatorOptions.MaxConnectionsPerClient"/> (5); the oldest was dropped with 805.</summary>
    TooManyConnections,

    /// <summary>A text frame that is not a valid request (bad JSON, unknown code, bad instrument), or a binary frame.</summary>
    MalformedRequest,
}
