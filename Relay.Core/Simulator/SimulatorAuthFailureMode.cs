namespace Relay.Core.Simulator;

/// <summary>How the <see cref="FeedSimulator"/> rejects a connection whose query-string credentials it does not accept.</summary>
public enum SimulatorAuthFailureMode
{
    /// <summary>Documented behaviour: the upgrade succeeds, then a feed-disconnect packet (code 50) with the reason, then a close frame.</summary>
    DisconnectPacket,

    /// <summary>Observed behaviour (protocol reference §1.1): the upgrade succeeds, then the TCP connection is dropped without a close frame (the client sees 1006).</summary>
    DropWithoutClose,
}
