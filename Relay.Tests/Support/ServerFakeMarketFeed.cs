using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Tests.Support;

/// <summary>
/// An in-memory <see cref="IMarketFeed"/> for server tests: records every call, keeps per-connection holdings,
/// refuses instruments past <see cref="UpstreamCapacity"/> distinct instruments like the real feed would.
/// </summary>
internal sealed class ServerFakeMarketFeed : IMarketFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<InstrumentKey, HashSet<FeedMode>>> _held = new(StringComparer.Ordinal);
    private FeedStatus _status = new(FeedState.Connected, null, "Simulator", DateTimeOffset.FromUnixTimeMilliseconds(1_729_412_345_000));

    /// <inheritdoc />
    public event Action<FeedStatus>? StatusChanged;

    /// <summary>Most distinct instruments across every connection; past it, new instruments are refused.</summary>
    public int UpstreamCapacity { get; set; } = int.MaxValue;

    /// <summary>Connection ids passed to <see cref="ReleaseConnection"/>, in order.</summary>
    public ConcurrentQueue<string> Released { get; } = new();

    /// <summary>When set, <see cref="Subscribe"/> throws it (a broken engine).</summary>
    public Exception? SubscribeFailure { get; set; }

    /// <summary>Number of <see cref="Subscribe"/> calls.</summary>
    public int SubscribeCalls { get; private set; }

    /// <inheritdoc />
    public FeedStatus Status => Volatile.Read(ref _status);

    /// <summary>Changes the status and raises <see cref="StatusChanged"/>.</summary>
    public void SetStatus(FeedStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(status);
    }

    /// <inheritdoc />
    public IReadOnlyList<SubscribeOutcome> Subscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        if (SubscribeFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            SubscribeCalls++;
            var outcomes = new List<SubscribeOutcome>();
            var connection = _held.TryGetValue(connectionId, out var existing) ? existing : _held[connectionId] = [];
            foreach (var instrument in instruments.Distinct())
            {
                if (!IsHeldByAnyoneLocked(instrument) && DistinctLocked() >= UpstreamCapacity)
                {
                    outcomes.Add(new SubscribeOutcome(instrument, false, $"Over the upstream capacity of {UpstreamCapacity} instruments."));
                    continue;
                }

                (connection.TryGetValue(instrument, out var modes) ? modes : connection[instrument] = []).Add(mode);
                outcomes.Add(new SubscribeOutcome(instrument, true, null));
            }

            return outcomes;
        }
    }

    /// <inheritdoc />
    public void Unsubscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(connectionId, out var connection))
            {
                return;
            }

            foreach (var instrument in instruments)
            {
                if (connection.TryGetValue(instrument, out var modes) && modes.Remove(mode) && modes.Count == 0)
                {
                    connection.Remove(instrument);
                }
            }
        }
    }

    /// <inheritdoc />
    public void ReleaseConnection(string connectionId)
    {
        lock (_gate)
        {
            _held.Remove(connectionId);
        }

        Released.Enqueue(connectionId);
    }

    /// <inheritdoc />
    public int CountHeldBy(string connectionId)
    {
        lock (_gate)
        {
            return _held.TryGetValue(connectionId, out var connection) ? connection.Count : 0;
        }
    }

    /// <summary>Whether <paramref name="connectionId"/> holds <paramref name="instrument"/> in <paramref name="mode"/>.</summary>
    public bool Holds(string connectionId, InstrumentKey instrument, FeedMode mode)
    {
        lock (_gate)
        {
            return _held.TryGetValue(connectionId, out var connection) && connection.TryGetValue(instrument, out var modes) && modes.Contains(mode);
        }
    }

    /// <summary>Connection ids holding anything.</summary>
    public IReadOnlyList<string> Connections()
    {
        lock (_gate)
        {
            return [.. _held.Where(c => c.Value.Count > 0).Select(c => c.Key)];
        }
    }

    /// <summary>Distinct instruments held by anyone.</summary>
    public int DistinctInstruments()
    {
        lock (_gate)
        {
            return DistinctLocked();
        }
    }

    private bool IsHeldByAnyoneLocked(InstrumentKey instrument) => _held.Values.Any(c => c.ContainsKey(instrument));

    private int DistinctLocked() => _held.Values.SelectMany(c => c.Keys).Distinct().Count();
}
