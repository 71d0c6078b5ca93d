using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Relay.Core.Contracts;
using Relay.Server.Compat;

namespace Relay.Server.Broadcast;

/// <summary>
/// Who receives what: every connected client and, per instrument, its groups. One lock guards every change;
/// the broadcaster's per-update reads take no lock (<see cref="TryGetInstrument"/> and the groups' copy-on-write arrays).
/// </summary>
/// <remarks>
/// The lists of every connected client are read rarely (a feed status change, shutdown, the admin API), so they are
/// kept as plain lists and copied into an array only when read after a change. Copying them on every connect, as
/// the groups do, cost O(clients) per connect: about 36 MB of garbage for a wave of 3000 connects.
/// </remarks>
internal sealed class SubscriberRegistry
{
    private static readonly FeedMode[] AllModes = [FeedMode.Ticker, FeedMode.Quote, FeedMode.Full];

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<InstrumentKey, InstrumentSubscribers> _instruments = new();
    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly List<HubSubscriber> _hubs = [];
    private readonly List<CompatSubscriber> _compats = [];
    private HubSubscriber[]? _hubSnapshot = [];
    private CompatSubscriber[]? _compatSnapshot = [];
    private int _hubCount;
    private int _compatCount;

    /// <summary>Every connected SignalR client (a snapshot, never modified; copied after a change, under the lock).</summary>
    public HubSubscriber[] HubSubscribers
    {
        get
        {
            if (Volatile.Read(ref _hubSnapshot) is { } snapshot)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _hubSnapshot ??= [.. _hubs];
            }
        }
    }

    /// <summary>Every connected <c>/ws</c> client (a snapshot, never modified; copied after a change, under the lock).</summary>
    public CompatSubscriber[] CompatSubscribers
    {
        get
        {
            if (Volatile.Read(ref _compatSnapshot) is { } snapshot)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _compatSnapshot ??= [.. _compats];
            }
        }
    }

    /// <summary>How many SignalR clients are connected. Lock-free, no copy.</summary>
    public int HubCount => Volatile.Read(ref _hubCount);

    /// <summary>How many <c>/ws</c> clients are connected. Lock-free, no copy.</summary>
    public int CompatCount => Volatile.Read(ref _compatCount);

    /// <summary>Instruments with at least one member.</summary>
    public int InstrumentCount => _instruments.Count;

    /// <summary>The groups of <paramref name="instrument"/>; false when no client holds it. Lock-free.</summary>
    public bool TryGetInstrument(InstrumentKey instrument, [NotNullWhen(true)] out InstrumentSubscribers? groups) =>
        _instruments.TryGetValue(instrument, out groups);

    /// <summary>The client with <paramref name="connectionId"/>, if connected.</summary>
    public bool TryGetSubscriber(string connectionId, [NotNullWhen(true)] out Subscriber? subscriber) =>
        _subscribers.TryGetValue(connectionId, out subscriber);

    /// <summary>Registers a client that just connected; false when its id is already registered.</summary>
    public bool Add(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            if (!_subscribers.TryAdd(subscriber.ConnectionId, subscriber))
            {
                return false;
            }

            switch (subscriber)
            {
                case HubSubscriber hub:
                    _hubs.Add(hub);
                    Volatile.Write(ref _hubSnapshot, null);
                    Volatile.Write(ref _hubCount, _hubs.Count);
                    break;
                case CompatSubscriber compat:
                    _compats.Add(compat);
                    Volatile.Write(ref _compatSnapshot, null);
                    Volatile.Write(ref _compatCount, _compats.Count);
                    break;
            }

            return true;
        }
    }

    /// <summary>How many distinct instruments <paramref name="subscriber"/> holds, in any mode.</summary>
    public int CountHeld(Subscriber subscriber)
    {
        lock (_gate)
        {
            return subscriber.Held.Count;
        }
    }

    /// <summary>
    /// Of <paramref name="instruments"/>, marks those <paramref name="subscriber"/> holds in no mode yet
    /// (<paramref name="isNew"/>); returns how many more distinct instruments it may take under <paramref name="limit"/>.
    /// </summary>
    public int ClassifyNew(Subscriber subscriber, IReadOnlyList<InstrumentKey> instruments, Span<bool> isNew, int limit)
    {
        lock (_gate)
        {
            for (var i = 0; i < instruments.Count; i++)
            {
                isNew[i] = !subscriber.Held.ContainsKey(instruments[i]);
            }

            return Math.Max(0, limit - subscriber.Held.Count);
        }
    }

    /// <summary>Whether <paramref name="subscriber"/> holds <paramref name="instrument"/> in <paramref name="mode"/>.</summary>
    public bool Holds(Subscriber subscriber, InstrumentKey instrument, FeedMode mode)
    {
        lock (_gate)
        {
            return subscriber.Held.TryGetValue(instrument, out var modes) && modes.Contains(mode);
        }
    }

    /// <summary>
    /// Puts <paramref name="subscriber"/> in the (instrument, mode) group of each of <paramref name="instruments"/>.
    /// False, changing nothing, when the subscriber already left.
    /// </summary>
    public bool Join(Subscriber subscriber, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        lock (_gate)
        {
            if (subscriber.IsClosed)
            {
                return false;
            }

            // Sized once for the whole call (then doubling) instead of growing 3 → 7 → 17 → 37 entry by entry:
            // a connection's first 20 instruments then take 23 slots, not 37, and leave no discarded arrays.
            var needed = subscriber.Held.Count + instruments.Count;
            if (subscriber.Held.EnsureCapacity(0) < needed)
            {
                subscriber.Held.EnsureCapacity(Math.Max(needed, subscriber.Held.Count * 2));
            }

            foreach (var instrument in instruments)
            {
                subscriber.Held.TryGetValue(instrument, out var modes);
                if (modes.Contains(mode))
                {
                    continue;
                }

                subscriber.Held[instrument] = modes.With(mode);
                _instruments.GetOrAdd(instrument, static key => new InstrumentSubscribers(key)).AddLocked(subscriber, mode);
            }

            return true;
        }
    }

    /// <summary>
    /// Takes <paramref name="subscriber"/> out of the (instrument, mode) group of each of <paramref name="instruments"/>;
    /// returns those it was in (to be released upstream).
    /// </summary>
    public List<InstrumentKey> Leave(Subscriber subscriber, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        var left = new List<InstrumentKey>(instruments.Count);
        lock (_gate)
        {
            foreach (var instrument in instruments)
            {
                if (!subscriber.Held.TryGetValue(instrument, out var modes) || !modes.Contains(mode))
                {
                    continue;
                }

                modes = modes.Without(mode);
                if (modes.IsEmpty)
                {
                    subscriber.Held.Remove(instrument);
                }
                else
                {
                    subscriber.Held[instrument] = modes;
                }

                RemoveFromGroupLocked(subscriber, instrument, mode);
                left.Add(instrument);
            }
        }

        return left;
    }

    /// <summary>
    /// Unregisters a client that disconnected and takes it out of every group. Idempotent: false when it was
    /// already removed (or never added).
    /// </summary>
    public bool Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            subscriber.MarkClosed();
            foreach (var (instrument, modes) in subscriber.Held)
            {
                foreach (var mode in AllModes)
                {
                    if (modes.Contains(mode))
                    {
                        RemoveFromGroupLocked(subscriber, instrument, mode);
                    }
                }
            }

            subscriber.Held.Clear();
            if (!_subscribers.TryRemove(new KeyValuePair<string, Subscriber>(subscriber.ConnectionId, subscriber)))
            {
                return false;
            }

            switch (subscriber)
            {
                case HubSubscriber hub:
                    RemoveUnordered(_hubs, hub);
                    Volatile.Write(ref _hubSnapshot, null);
                    Volatile.Write(ref _hubCount, _hubs.Count);
                    break;
                case CompatSubscriber compat:
                    RemoveUnordered(_compats, compat);
                    Volatile.Write(ref _compatSnapshot, null);
                    Volatile.Write(ref _compatCount, _compats.Count);
                    break;
            }

            return true;
        }
    }

    // Order does not matter: the last element takes the removed one's place, so nothing is shifted or allocated.
    private static void RemoveUnordered<T>(List<T> list, T item)
        where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item))
            {
                list[i] = list[^1];
                list.RemoveAt(list.Count - 1);
                return;
            }
        }
    }

    private void RemoveFromGroupLocked(Subscriber subscriber, InstrumentKey instrument, FeedMode mode)
    {
        if (!_instruments.TryGetValue(instrument, out var groups))
        {
            return;
        }

        groups.RemoveLocked(subscriber, mode);
        if (groups.IsEmpty)
        {
            // A pending notification for the removed entry is harmless: the broadcaster finds no member in it.
            _instruments.TryRemove(new KeyValuePair<InstrumentKey, InstrumentSubscribers>(instrument, groups));
        }
    }
}
