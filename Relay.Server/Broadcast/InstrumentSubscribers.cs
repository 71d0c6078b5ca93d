using Relay.Core.Contracts;
using Relay.Server.Compat;

namespace Relay.Server.Broadcast;

/// <summary>
/// The groups of one instrument: one per mode (<c>NSE_EQ:1333|Ticker</c>, <c>|Quote</c>, <c>|Full</c>) of SignalR
/// connections, plus the <c>/ws</c> sockets (always Ticker). Also the instrument's "dirty" flag for the broadcaster.
/// </summary>
/// <remarks>
/// Member arrays are copy-on-write: the registry replaces them under its lock; the broadcaster reads them with no
/// lock and no allocation. A subscribe is O(members), which is fine next to a send that is O(members) per update.
/// </remarks>
internal sealed class InstrumentSubscribers
{
    private HubSubscriber[] _ticker = [];
    private HubSubscriber[] _quote = [];
    private HubSubscriber[] _full = [];
    private CompatSubscriber[] _compat = [];

    /// <summary>Creates the groups of <paramref name="instrument"/>.</summary>
    public InstrumentSubscribers(InstrumentKey instrument)
    {
        Instrument = instrument;
        Segment = ExchangeSegments.Name(instrument.Segment);
        SecurityId = instrument.SecurityIdText;
    }

    /// <summary>The instrument.</summary>
    public InstrumentKey Instrument { get; }

    /// <summary>Cached segment name, so messages cost no string allocation.</summary>
    public string Segment { get; }

    /// <summary>Cached security id text.</summary>
    public string SecurityId { get; }

    /// <summary>
    /// Bits of the <see cref="Core.Market.MarketUpdateKind"/>s received since the broadcaster last sent this instrument;
    /// 0 when clean. The 0 → non-zero transition enqueues the instrument once.
    /// </summary>
    internal int PendingKinds;

    /// <summary>The state version last published (0: none or unversioned). Broadcaster loop only.</summary>
    internal long SentVersion;

    /// <summary>The update kinds of the last publish. Broadcaster loop only.</summary>
    internal int SentKinds;

    /// <summary>True when no client is in any group of the instrument. Read under the registry's lock.</summary>
    public bool IsEmpty => _ticker.Length == 0 && _quote.Length == 0 && _full.Length == 0 && _compat.Length == 0;

    /// <summary>The SignalR group name of a mode, e.g. <c>NSE_EQ:1333|Full</c>.</summary>
    public static string GroupName(InstrumentKey instrument, FeedMode mode) => $"{instrument}|{mode}";

    /// <summary>The SignalR connections in the <paramref name="mode"/> group (a snapshot; never modified).</summary>
    public HubSubscriber[] Members(FeedMode mode) => mode switch
    {
        FeedMode.Ticker => Volatile.Read(ref _ticker),
        FeedMode.Quote => Volatile.Read(ref _quote),
        FeedMode.Full => Volatile.Read(ref _full),
        _ => [],
    };

    /// <summary>The <c>/ws</c> sockets holding the instrument (a snapshot; never modified).</summary>
    public CompatSubscriber[] CompatMembers => Volatile.Read(ref _compat);

    /// <summary>Adds a member. Registry lock held.</summary>
    internal void AddLocked(Subscriber subscriber, FeedMode mode)
    {
        switch (subscriber)
        {
            case HubSubscriber hub:
                ref var group = ref GroupRef(mode);
                Volatile.Write(ref group, [.. group, hub]);
                break;
            case CompatSubscriber compat:
                Volatile.Write(ref _compat, [.. _compat, compat]);
                break;
        }
    }

    /// <summary>Removes a member. Registry lock held.</summary>
    internal void RemoveLocked(Subscriber subscriber, FeedMode mode)
    {
        switch (subscriber)
        {
            case HubSubscriber hub:
                ref var group = ref GroupRef(mode);
                Volatile.Write(ref group, Without(group, hub));
                break;
            case CompatSubscriber compat:
                Volatile.Write(ref _compat, Without(_compat, compat));
                break;
        }
    }

    private static T[] Without<T>(T[] members, T member)
        where T : class
    {
        var index = Array.IndexOf(members, member);
        if (index < 0)
        {
            return members;
        }

        if (members.Length == 1)
        {
            return [];
        }

        var copy = new T[members.Length - 1];
        Array.Copy(members, 0, copy, 0, index);
        Array.Copy(members, index + 1, copy, index, members.Length - index - 1);
        return copy;
    }

    private ref HubSubscriber[] GroupRef(FeedMode mode)
    {
        switch (mode)
        {
            case FeedMode.Ticker:
                return ref _ticker;
            case FeedMode.Quote:
                return ref _quote;
            case FeedMode.Full:
                return ref _full;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown feed mode.");
        }
    }
}
