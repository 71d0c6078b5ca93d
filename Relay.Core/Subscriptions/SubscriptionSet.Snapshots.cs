using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>Draining transitions for the synchronizer, snapshots for replay and reconciliation, introspection.</summary>
internal sealed partial class SubscriptionSet
{
    /// <summary>Distinct instruments held by anyone.</summary>
    public int InstrumentCount
    {
        get
        {
            lock (_lock)
            {
                return _instruments.Count;
            }
        }
    }

    /// <summary>Connections holding at least one reference.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>
    /// Takes the instruments that went through a transition since the last call, each with its placement now
    /// (not held any more: <see cref="NoSocket"/>). Changes that cancelled out are included: the synchronizer
    /// compares with what it sent and sends nothing for them.
    /// </summary>
    public IReadOnlyList<DesiredPlacement> DrainPendingChanges()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return [];
            }

            var changes = new List<DesiredPlacement>(_pending.Count);
            foreach (var instrument in _pending.Keys)
            {
                changes.Add(PlacementLocked(instrument));
            }

            _pending.Clear();
            return changes;
        }
    }

    /// <summary>
    /// Fills <paramref name="into"/> with every held instrument's placement and the not yet drained instruments, at
    /// one instant (what it held before is cleared; its capacity is kept).
    /// </summary>
    public void SnapshotDesired(DesiredSetSnapshot into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_lock)
        {
            into.Placements.Clear();
            into.Placements.EnsureCapacity(_instruments.Count);
            foreach (var (instrument, entry) in _instruments)
            {
                into.Placements.Add(instrument, new DesiredPlacement(instrument, entry.Socket, entry.Mode));
            }

            into.Pending.Clear();
            into.Pending.UnionWith(_pending.Keys);
        }
    }

    /// <summary>The instruments placed on <paramref name="socket"/>, each in the richest mode held.</summary>
    public IReadOnlyList<DesiredPlacement> SnapshotSocket(int socket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(socket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(socket, MaxSockets);
        lock (_lock)
        {
            var placements = new List<DesiredPlacement>(_used[socket]);
            foreach (var (instrument, entry) in _instruments)
            {
                if (entry.Socket == socket)
                {
                    placements.Add(new DesiredPlacement(instrument, entry.Socket, entry.Mode));
                }
            }

            return placements;
        }
    }

    /// <summary>One instrument's mode, socket and references; false when nobody holds it.</summary>
    public bool TryGetInstrument(InstrumentKey instrument, out InstrumentSubscription subscription)
    {
        lock (_lock)
        {
            if (_instruments.TryGetValue(instrument, out var entry))
            {
                subscription = ToSubscription(instrument, entry);
                return true;
            }
        }

        subscription = default;
        return false;
    }

    /// <summary>Every held instrument, in no particular order.</summary>
    public IReadOnlyList<InstrumentSubscription> GetInstruments()
    {
        lock (_lock)
        {
            return [.. _instruments.Select(pair => ToSubscription(pair.Key, pair.Value))];
        }
    }

    /// <summary>
    /// How many held instruments the upstream carries in each mode (the richest any client wants), at one instant.
    /// Allocates nothing: metrics read it on every collection.
    /// </summary>
    public (int Ticker, int Quote, int Full) CountByMode()
    {
        int ticker = 0, quote = 0, full = 0;
        lock (_lock)
        {
            foreach (var entry in _instruments.Values)
            {
                switch (entry.Mode)
                {
                    case FeedMode.Ticker:
                        ticker++;
                        break;
                    case FeedMode.Quote:
                        quote++;
                        break;
                    default:
                        full++;
                        break;
                }
            }
        }

        return (ticker, quote, full);
    }

    /// <summary>What <paramref name="connectionId"/> holds: one item per (instrument, mode), in no particular order.</summary>
    public IReadOnlyList<InstrumentMode> GetHeldBy(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var held))
            {
                return [];
            }

            var result = new List<InstrumentMode>(held.Count);
            foreach (var (instrument, mask) in held)
            {
                foreach (var mode in FeedModeMask.RichestFirst)
                {
                    if (FeedModeMask.Contains(mask, mode))
                    {
                        result.Add(new InstrumentMode(instrument, mode));
                    }
                }
            }

            return result;
        }
    }

    /// <summary>Used and free room per socket, in socket order.</summary>
    public IReadOnlyList<SocketUsage> GetSocketUsage()
    {
        lock (_lock)
        {
            var usage = new SocketUsage[_used.Length];
            for (var socket = 0; socket < _used.Length; socket++)
            {
                usage[socket] = new SocketUsage(socket, _used[socket], MaxInstrumentsPerSocket - _used[socket]);
            }

            return usage;
        }
    }

    private static InstrumentSubscription ToSubscription(InstrumentKey instrument, InstrumentEntry entry) => new(
        instrument,
        entry.Mode,
        entry.Socket,
        entry.Counts[(int)FeedMode.Ticker],
        entry.Counts[(int)FeedMode.Quote],
        entry.Counts[(int)FeedMode.Full]);

    private DesiredPlacement PlacementLocked(InstrumentKey instrument) =>
        _instruments.TryGetValue(instrument, out var entry)
            ? new DesiredPlacement(instrument, entry.Socket, entry.Mode)
            : new DesiredPlacement(instrument, NoSocket, default);
}
