using Relay.Core.Contracts;

namespace Relay.Core.Simulator;

/// <summary>One instrument subscribed on one simulator socket: its modes and its place in the socket's send schedule.</summary>
/// <remarks>Guarded by the owning session's lock.</remarks>
internal sealed class SessionSubscription(SimulatedInstrumentState state)
{
    /// <summary>The shared market state of the instrument.</summary>
    public SimulatedInstrumentState State { get; } = state;

    /// <summary>Subscribed modes as bits (<c>1 &lt;&lt; (int)FeedMode</c>).</summary>
    public int Modes { get; set; }

    /// <summary>A prev-close packet (code 6) is owed before the next data packet: a mode was just subscribed.</summary>
    public bool NeedsPrevClose { get; set; }

    /// <summary>Unsubscribed from every mode: schedule entries of it are stale.</summary>
    public bool Removed { get; set; }

    /// <summary>Bumped whenever the subscription is re-scheduled; older schedule entries are stale.</summary>
    public int Generation { get; set; }

    /// <summary>The bit of a mode.</summary>
    public static int Bit(FeedMode mode) => 1 << (int)mode;

    /// <summary>True when <paramref name="mode"/> is subscribed.</summary>
    public bool Has(FeedMode mode) => (Modes & Bit(mode)) != 0;

    /// <summary>The subscribed modes, lightest first.</summary>
    public FeedMode[] ModeArray() => ToModes(Modes);

    /// <summary>The modes of a bit set, lightest first.</summary>
    public static FeedMode[] ToModes(int bits)
    {
        var modes = new List<FeedMode>(3);
        foreach (var mode in (ReadOnlySpan<FeedMode>)[FeedMode.Ticker, FeedMode.Quote, FeedMode.Full])
        {
            if ((bits & Bit(mode)) != 0)
            {
                modes.Add(mode);
            }
        }

        return [.. modes];
    }
}
