using System.Globalization;
using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>
/// The reference-counted set of what client connections want from the upstream, and where each instrument lives.
/// </summary>
/// <remarks>
/// <para>
/// A connection holds at most one reference per (instrument, mode); an instrument is carried upstream in the
/// richest mode any connection holds (Ticker &lt; Quote &lt; Full) on exactly one socket, chosen when it is first
/// wanted and kept while it is held. Capacity counts distinct instruments: <c>sockets × instrumentsPerSocket</c>.
/// A subscribe that needs a new instrument when every socket is full is refused for that instrument only.
/// </para>
/// <para>
/// One lock guards everything and no I/O happens under it. The set only records which instruments went through a
/// transition (first reference, last reference, change of the richest mode) and raises <see cref="Changed"/> after
/// releasing the lock; <see cref="UpstreamSynchronizer"/> drains those and talks to the upstream. Methods whose name
/// ends in <c>Locked</c> must be called with the lock held.
/// </para>
/// </remarks>
internal sealed partial class SubscriptionSet
{
    /// <summary>DhanHQ's limit of main-feed sockets per user.</summary>
    public const int UpstreamSocketLimit = 5;

    /// <summary>DhanHQ's limit of instruments on one main-feed socket.</summary>
    public const int UpstreamInstrumentsPerSocketLimit = 5000;

    /// <summary>The socket of an instrument nobody holds.</summary>
    public const int NoSocket = -1;

    private readonly Lock _lock = new();
    private readonly Dictionary<InstrumentKey, InstrumentEntry> _instruments = [];

    // Connection id → instrument → the modes it holds (FeedModeMask bits).
    private readonly Dictionary<string, Dictionary<InstrumentKey, byte>> _connections = new(StringComparer.Ordinal);

    // Instruments that went through a transition since the last drain → the socket they had at the last drain
    // (NoSocket if none). The socket is a placement hint: an instrument dropped and wanted again within one
    // coalescing window goes back where the upstream still has it, so nothing needs to be sent.
    private readonly Dictionary<InstrumentKey, int> _pending = [];
    private readonly int[] _used;
    private readonly string _capacityFullReason;
    private long _refusals;

    /// <summary>Creates an empty set.</summary>
    /// <param name="maxSockets">Upstream sockets (1 to 5), from <c>Relay:Feed:MaxConnections</c>.</param>
    /// <param name="maxInstrumentsPerSocket">Instruments per socket (1 to 5000), from <c>Relay:Feed:MaxInstrumentsPerConnection</c>.</param>
    /// <param name="placement">How new instruments are spread over the sockets.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside DhanHQ's.</exception>
    public SubscriptionSet(int maxSockets, int maxInstrumentsPerSocket, SocketPlacement placement = SocketPlacement.MostFreeRoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSockets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSockets, UpstreamSocketLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInstrumentsPerSocket, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInstrumentsPerSocket, UpstreamInstrumentsPerSocketLimit);
        if (!Enum.IsDefined(placement))
        {
            throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown socket placement.");
        }

        MaxSockets = maxSockets;
        MaxInstrumentsPerSocket = maxInstrumentsPerSocket;
        Placement = placement;
        _used = new int[maxSockets];
        _capacityFullReason = string.Create(
            CultureInfo.InvariantCulture,
            $"Upstream capacity of {Capacity} instruments is full ({maxSockets} socket(s) of {maxInstrumentsPerSocket}).");
    }

    /// <summary>
    /// Raised, outside the lock and on the caller's thread, after a call that made at least one instrument go through
    /// a transition. Handlers must not block (the synchronizer only wakes its sender loop).
    /// </summary>
    public event Action? Changed;

    /// <summary>Number of upstream sockets.</summary>
    public int MaxSockets { get; }

    /// <summary>Distinct instruments one socket may carry.</summary>
    public int MaxInstrumentsPerSocket { get; }

    /// <summary>Distinct instruments the whole upstream may carry.</summary>
    public int Capacity => MaxSockets * MaxInstrumentsPerSocket;

    /// <summary>How new instruments are placed.</summary>
    public SocketPlacement Placement { get; }

    /// <summary>Instruments refused because the upstream was full, since start.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>
    /// Adds a reference in <paramref name="mode"/> for each distinct instrument; returns one outcome per distinct
    /// instrument, in order. Holding it already in that mode is accepted without a second reference. A new instrument
    /// beyond the upstream capacity is refused with a reason; the others are still accepted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not Ticker, Quote or Full.</exception>
    public IReadOnlyList<SubscribeOutcome> Subscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(instruments);
        var bit = FeedModeMask.Bit(mode);
        var outcomes = new List<SubscribeOutcome>(instruments.Count);
        HashSet<InstrumentKey>? seen = instruments.Count > 1 ? new(instruments.Count) : null;
        var changed = false;
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var held))
            {
                // Sized for the call: a connection's first instruments then take one array, not 3 → 7 → 17 → 37.
                held = new(instruments.Count);
                _connections.Add(connectionId, held);
            }

            foreach (var instrument in instruments)
            {
                if (seen is not null && !seen.Add(instrument))
                {
                    continue;
                }

                if (AddReferenceLocked(held, instrument, mode, bit, ref changed))
                {
                    outcomes.Add(new SubscribeOutcome(instrument, true, null));
                }
                else
                {
                    _refusals++;
                    outcomes.Add(new SubscribeOutcome(instrument, false, _capacityFullReason));
                }
            }

            if (held.Count == 0)
            {
                _connections.Remove(connectionId);
            }
        }

        RaiseChangedIf(changed);
        return outcomes;
    }

    /// <summary>Removes the connection's references in <paramref name="mode"/>; instruments it does not hold in that mode are ignored.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not Ticker, Quote or Full.</exception>
    public void Unsubscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(instruments);
        var bit = FeedModeMask.Bit(mode);
        var changed = false;
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var held))
            {
                return;
            }

            foreach (var instrument in instruments)
            {
                if (!held.TryGetValue(instrument, out var mask) || (mask & bit) == 0)
                {
                    continue;
                }

                mask &= (byte)~bit;
                if (mask == 0)
                {
                    held.Remove(instrument);
                }
                else
                {
                    held[instrument] = mask;
                }

                RemoveReferenceLocked(instrument, mode, ref changed);
            }

            if (held.Count == 0)
            {
                _connections.Remove(connectionId);
            }
        }

        RaiseChangedIf(changed);
    }

    /// <summary>Releases every reference <paramref name="connectionId"/> held (it disconnected). Unknown ids are ignored.</summary>
    public void ReleaseConnection(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var changed = false;
        lock (_lock)
        {
            if (!_connections.Remove(connectionId, out var held))
            {
                return;
            }

            foreach (var (instrument, mask) in held)
            {
                foreach (var mode in FeedModeMask.RichestFirst)
                {
                    if (FeedModeMask.Contains(mask, mode))
                    {
                        RemoveReferenceLocked(instrument, mode, ref changed);
                    }
                }
            }
        }

        RaiseChangedIf(changed);
    }

    /// <summary>How many distinct instruments <paramref name="connectionId"/> holds, in any mode.</summary>
    public int CountHeldBy(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_lock)
        {
            return _connections.TryGetValue(connectionId, out var held) ? held.Count : 0;
        }
    }

    private bool AddReferenceLocked(Dictionary<InstrumentKey, byte> held, InstrumentKey instrument, FeedMode mode, byte bit, ref bool changed)
    {
        held.TryGetValue(instrument, out var mask);
        if ((mask & bit) != 0)
        {
            return true;
        }

        if (_instruments.TryGetValue(instrument, out var entry))
        {
            if (mode > entry.Mode)
            {
                MarkPendingLocked(instrument, entry.Socket);
                entry.Mode = mode;
                changed = true;
            }
        }
        else
        {
            var socket = PlaceLocked(instrument);
            if (socket == NoSocket)
            {
                return false;
            }

            MarkPendingLocked(instrument, NoSocket);
            entry = new InstrumentEntry(socket) { Mode = mode };
            _instruments.Add(instrument, entry);
            _used[socket]++;
            changed = true;
        }

        entry.Counts[(int)mode]++;
        entry.Total++;
        held[instrument] = (byte)(mask | bit);
        return true;
    }

    // The caller has already removed the connection's reference from its own map.
    private void RemoveReferenceLocked(InstrumentKey instrument, FeedMode mode, ref bool changed)
    {
        var entry = _instruments[instrument];
        entry.Counts[(int)mode]--;
        entry.Total--;
        if (entry.Total == 0)
        {
            MarkPendingLocked(instrument, entry.Socket);
            _instruments.Remove(instrument);
            _used[entry.Socket]--;
            changed = true;
        }
        else if (mode == entry.Mode && entry.Counts[(int)mode] == 0)
        {
            MarkPendingLocked(instrument, entry.Socket);
            entry.Mode = entry.RichestHeld();
            changed = true;
        }
    }

    // Records the state at the last drain: only the first transition since then is kept.
    private void MarkPendingLocked(InstrumentKey instrument, int socketAtLastDrain) => _pending.TryAdd(instrument, socketAtLastDrain);

    private int PlaceLocked(InstrumentKey instrument)
    {
        if (_pending.TryGetValue(instrument, out var previous) && previous != NoSocket && _used[previous] < MaxInstrumentsPerSocket)
        {
            return previous;
        }

        var best = NoSocket;
        for (var socket = 0; socket < _used.Length; socket++)
        {
            if (_used[socket] >= MaxInstrumentsPerSocket)
            {
                continue;
            }

            if (Placement == SocketPlacement.FirstFit)
            {
                return socket;
            }

            if (best == NoSocket || _used[socket] < _used[best])
            {
                best = socket;
            }
        }

        return best;
    }

    private void RaiseChangedIf(bool changed)
    {
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private sealed class InstrumentEntry(int socket)
    {
        // Indexed by (int)FeedMode: 1 Ticker, 2 Quote, 3 Full.
        public readonly int[] Counts = new int[4];

        public int Socket { get; } = socket;

        public FeedMode Mode { get; set; }

        public int Total { get; set; }

        public FeedMode RichestHeld()
        {
            foreach (var mode in FeedModeMask.RichestFirst)
            {
                if (Counts[(int)mode] > 0)
                {
                    return mode;
                }
            }

            throw new InvalidOperationException("An instrument with references holds no mode.");
        }
    }
}
