namespace Relay.Bench.Load;

/// <summary>How a load connection behaves, and so where its figures are reported.</summary>
internal enum ConnectionGroup
{
    /// <summary>Reads everything as fast as it can.</summary>
    Healthy,

    /// <summary>Stops reading when told (the slow-consumer scenario).</summary>
    Stalling,

    /// <summary>A real <c>Relay.Client</c> connection (fidelity check), reading everything.</summary>
    Fidelity,
}
