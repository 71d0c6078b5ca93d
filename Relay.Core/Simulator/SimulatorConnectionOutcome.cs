namespace Relay.Core.Simulator;

/// <summary>What became of one connection attempt.</summary>
public enum SimulatorConnectionOutcome
{
    /// <summary>Upgraded and authenticated: a session is open.</summary>
    Accepted,

    /// <summary>Answered with a plain HTTP error (bad upgrade request, or handshakes rejected on purpose, e.g. 429).</summary>
    HttpRejected,

    /// <summary>Upgraded, then rejected for its credentials (disconnect packet 806-810, or a dropped connection).</summary>
    AuthRejected,

    /// <summary>The client went away or timed out before completing the upgrade request.</summary>
    Abandoned,
}
