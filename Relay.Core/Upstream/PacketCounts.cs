namespace Relay.Core.Upstream;

/// <summary>Packets of one frame (or a running total) by type; a plain value the receive loop fills without allocating.</summary>
#pragma warning disable CA1815 // A counter bag; equality is not meaningful for it.
internal struct PacketCounts
#pragma warning restore CA1815
{
    /// <summary>Ticker packets (code 2).</summary>
    public int Ticker;

    /// <summary>Quote packets (code 4).</summary>
    public int Quote;

    /// <summary>OI packets (code 5).</summary>
    public int OpenInterest;

    /// <summary>Previous-close packets (code 6).</summary>
    public int PrevClose;

    /// <summary>Full packets (code 8).</summary>
    public int Full;

    /// <summary>Feed-disconnect packets (code 50).</summary>
    public int Disconnect;

    /// <summary>Well-framed packets with nothing to decode (codes 0, 1, 3, 7).</summary>
    public int Other;

    /// <summary>Malformed reports (skipped bytes).</summary>
    public int Malformed;

    /// <summary>Packets handed over (everything but <see cref="Malformed"/>).</summary>
    public readonly int Packets => Ticker + Quote + OpenInterest + PrevClose + Full + Disconnect + Other;
}
