namespace Relay.Bench.Protocol;

/// <summary>Which packet a decoder benchmark's frames carry.</summary>
public enum BenchPacketKind
{
    /// <summary>Ticker, 16 bytes (the commonest packet on a busy feed).</summary>
    Ticker,

    /// <summary>Full with 5-level depth, 162 bytes (the largest).</summary>
    Full,
}
