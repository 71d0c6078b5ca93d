namespace Relay.Bench.Load;

/// <summary>The fields of one decoded hub message that the load client uses.</summary>
internal struct HubWireMessage
{
    /// <summary>What it was.</summary>
    public HubMessageKind Kind;

    /// <summary>Tick: the security id.</summary>
    public long SecurityId;

    /// <summary>Tick: the last traded price.</summary>
    public double Ltp;

    /// <summary>Bytes of the whole message on the wire (framing included: separator or length prefix).</summary>
    public int WireSize;

    /// <summary>Completion: it carried an error.</summary>
    public bool HasError;

    /// <summary>Completion of <c>Subscribe</c>: results with <c>accepted = false</c>.</summary>
    public int Rejected;

    /// <summary>Completion of <c>Subscribe</c>: results with <c>accepted = true</c>.</summary>
    public int Accepted;
}
