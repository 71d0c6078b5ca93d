using System.Collections.Concurrent;
using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>
/// The subscriptions the caller wants (desired) and those sent on the current connection (applied). One lock, no I/O
/// inside it. Every new connection gets a generation; answers from an older connection are ignored. The connection is
/// "live" once applied equals desired; only then do subscribe calls go straight to the relay, before that they are
/// recorded and the reconciliation sends them.
/// </summary>
internal sealed class SubscriptionLedger
{
    private readonly Lock _gate = new();
    private readonly HashSet<DesiredSubscription> _desired = [];
    private readonly HashSet<DesiredSubscription> _applied = [];

    // Modes wanted per instrument, readable without the lock on the receive path.
    private readonly ConcurrentDictionary<InstrumentKey, int> _modesWanted = new();
    private int _generation;
    private bool _live;

    /// <summary>Number of desired (instrument, mode) pairs.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _desired.Count;
            }
        }
    }

    /// <summary>True when at least one mode of <paramref name="instrument"/> is desired.</summary>
    public bool IsWanted(InstrumentKey instrument) => _modesWanted.ContainsKey(instrument);

    /// <summary>True when <paramref name="generation"/> is the current connection.</summary>
    public bool IsCurrent(int generation)
    {
        lock (_gate)
        {
            return generation == _generation;
        }
    }

    /// <summary>A copy of the desired set.</summary>
    public IReadOnlyList<DesiredSubscription> Desired()
    {
        lock (_gate)
        {
            return [.. _desired];
        }
    }

    /// <summary>Records <paramref name="instruments"/> as desired.</summary>
    /// <param name="instruments">Distinct instruments.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="added">Receives the pairs that were not desired before (to revert on a server error).</param>
    /// <returns>The live connection's generation, or <c>null</c> when the caller must leave it to the reconciliation.</returns>
    public int? Add(IReadOnlyList<InstrumentKey> instruments, FeedMode mode, List<InstrumentKey> added)
    {
        lock (_gate)
        {
            foreach (var instrument in instruments)
            {
                if (_desired.Add(new DesiredSubscription(instrument, mode)))
                {
                    _modesWanted.AddOrUpdate(instrument, 1, static (_, n) => n + 1);
                    added.Add(instrument);
                }
            }

            return _live ? _generation : null;
        }
    }

    /// <summary>Forgets <paramref name="instruments"/> in <paramref name="mode"/>.</summary>
    /// <param name="instruments">Distinct instruments.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="noLongerWanted">Receives the instruments now wanted in no mode (to evict from the cache).</param>
    /// <returns>The live connection's generation, or <c>null</c> when the caller must leave it to the reconciliation.</returns>
    public int? Remove(IReadOnlyList<InstrumentKey> instruments, FeedMode mode, List<InstrumentKey> noLongerWanted)
    {
        lock (_gate)
        {
            foreach (var instrument in instruments)
            {
                RemoveDesiredLocked(new DesiredSubscription(instrument, mode), noLongerWanted);
            }

            return _live ? _generation : null;
        }
    }

    /// <summary>Undoes <see cref="Add"/> for pairs the relay refused with an error; pairs already applied stay.</summary>
    public void Revert(IReadOnlyList<InstrumentKey> added, FeedMode mode, List<InstrumentKey> noLongerWanted)
    {
        lock (_gate)
        {
            foreach (var instrument in added)
            {
                var pair = new DesiredSubscription(instrument, mode);
                if (!_applied.Contains(pair))
                {
                    RemoveDesiredLocked(pair, noLongerWanted);
                }
            }
        }
    }

    /// <summary>Records the relay's answers to a subscribe sent on connection <paramref name="generation"/>.</summary>
    /// <remarks>Accepted pairs become applied; a rejected pair is no longer desired (unless held already), so it is not replayed.</remarks>
    public void RecordResults(int generation, IReadOnlyList<InstrumentSubscriptionResult> results, List<InstrumentKey> noLongerWanted)
    {
        lock (_gate)
        {
            var current = generation == _generation;
            foreach (var result in results)
            {
                var pair = new DesiredSubscription(result.Instrument, result.Mode);
                if (result.Status == SubscriptionStatus.Accepted)
                {
                    // Applied even if unsubscribed meanwhile: the reconciliation then sends the unsubscribe.
                    if (current)
                    {
                        _applied.Add(pair);
                    }
                }
                else if (result.Status == SubscriptionStatus.Rejected && !(current && _applied.Contains(pair)))
                {
                    RemoveDesiredLocked(pair, noLongerWanted);
                }
            }
        }
    }

    /// <summary>Records that an unsubscribe was sent on connection <paramref name="generation"/>.</summary>
    public void RecordUnsubscribed(int generation, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            foreach (var instrument in instruments)
            {
                _applied.Remove(new DesiredSubscription(instrument, mode));
            }
        }
    }

    /// <summary>A new connection (first connect, reconnect or restart): nothing is applied on it yet.</summary>
    /// <returns>Its generation.</returns>
    public int BeginConnection()
    {
        lock (_gate)
        {
            _applied.Clear();
            _live = false;
            return ++_generation;
        }
    }

    /// <summary>The connection is gone: subscribe calls are recorded, not sent, until the next one is reconciled.</summary>
    public void EndConnection()
    {
        lock (_gate)
        {
            _applied.Clear();
            _live = false;
            _generation++;
        }
    }

    /// <summary>
    /// The next sends that bring connection <paramref name="generation"/> to the desired set; when none is left the
    /// connection becomes live (atomically, so no subscribe recorded meanwhile is missed).
    /// </summary>
    /// <returns>The step, <see cref="ReconcileStep.Done"/>, or <c>null</c> when the connection is no longer current.</returns>
    public ReconcileStep? NextStep(int generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return null;
            }

            var toSubscribe = _desired.Where(p => !_applied.Contains(p)).ToList();
            var toUnsubscribe = _applied.Where(p => !_desired.Contains(p)).ToList();
            if (toSubscribe.Count == 0 && toUnsubscribe.Count == 0)
            {
                _live = true;
                return ReconcileStep.Done;
            }

            return new ReconcileStep(toSubscribe, toUnsubscribe);
        }
    }

    /// <summary>Makes connection <paramref name="generation"/> live although not everything was applied (the relay failed the replay).</summary>
    /// <returns>False when the connection is no longer current.</returns>
    public bool ForceLive(int generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return false;
            }

            _live = true;
            return true;
        }
    }

    private void RemoveDesiredLocked(DesiredSubscription pair, List<InstrumentKey> noLongerWanted)
    {
        if (!_desired.Remove(pair))
        {
            return;
        }

        if (_modesWanted.AddOrUpdate(pair.Instrument, 0, static (_, n) => n - 1) <= 0)
        {
            _modesWanted.TryRemove(pair.Instrument, out _);
            noLongerWanted.Add(pair.Instrument);
        }
    }
}
