using System.Collections.Concurrent;
using Relay.Core.Contracts;

namespace Relay.Server.Instruments;

/// <summary>
/// A bounded in-memory cache of instrument lookups by key (lot and tick sizes are read on every subscription
/// and order). Found instruments live 10 minutes, misses 30 seconds (an import in another process, e.g. the
/// CLI, becomes visible within that time); an import in this process clears it at once.
/// </summary>
internal sealed class InstrumentCache
{
    /// <summary>At this many entries the cache starts over.</summary>
    public const int Capacity = 50_000;

    private static readonly TimeSpan HitLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MissLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<InstrumentKey, Entry> _entries = new();
    private readonly TimeProvider _time;

    public InstrumentCache(TimeProvider time) => _time = time;

    /// <summary>True when the cache knows the answer; <paramref name="instrument"/> is null for a known miss.</summary>
    public bool TryGet(InstrumentKey key, out Instrument? instrument)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > _time.GetTimestamp())
        {
            instrument = entry.Instrument;
            return true;
        }

        instrument = null;
        return false;
    }

    /// <summary>Remembers a lookup (null = not found).</summary>
    public void Set(InstrumentKey key, Instrument? instrument)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        var lifetime = instrument is null ? MissLifetime : HitLifetime;
        _entries[key] = new Entry(instrument, _time.GetTimestamp() + (long)(lifetime.TotalSeconds * _time.TimestampFrequency));
    }

    /// <summary>Forgets everything (after an import).</summary>
    public void Clear() => _entries.Clear();

    private readonly record struct Entry(Instrument? Instrument, long ExpiresAt);
}
