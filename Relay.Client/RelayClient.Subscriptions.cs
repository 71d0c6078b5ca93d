using System.Collections.Frozen;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Client.Internal;
using Relay.Core.Contracts;

namespace Relay.Client;

public sealed partial class RelayClient
{
    private static readonly FrozenDictionary<FeedMode, string> ModeNames = new Dictionary<FeedMode, string>
    {
        [FeedMode.Ticker] = nameof(FeedMode.Ticker),
        [FeedMode.Quote] = nameof(FeedMode.Quote),
        [FeedMode.Full] = nameof(FeedMode.Full),
    }.ToFrozenDictionary();

    /// <summary>
    /// Subscribes <paramref name="instruments"/> in <paramref name="mode"/> and records them in the client's desired set,
    /// which is replayed after every reconnect.
    /// </summary>
    /// <param name="instruments">The instruments; duplicates are sent once.</param>
    /// <param name="mode">The feed mode; the relay keeps one subscription per instrument and mode.</param>
    /// <param name="cancellationToken">Stops waiting for the relay's answer; the subscription stays recorded (call <see cref="UnsubscribeAsync"/> to withdraw it).</param>
    /// <returns>
    /// One result per distinct instrument, in order: accepted (with the relay's snapshot, also stored for
    /// <see cref="Last"/> and yielded by streams), or rejected with the reason (then forgotten). When the client is not
    /// connected (before <see cref="ConnectAsync"/>, or while reconnecting) or the connection drops during the call, it
    /// does not throw: the results are <see cref="SubscriptionStatus.Pending"/>, the subscription is sent when the
    /// connection is (re)established, and <see cref="Resubscribed"/> then reports the relay's answers.
    /// </returns>
    /// <exception cref="ArgumentException">An instrument key is not valid (e.g. <c>default</c>), or the mode is not defined.</exception>
    /// <exception cref="HubException">The relay failed the call (e.g. a rate limit); nothing new is recorded.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<IReadOnlyList<InstrumentSubscriptionResult>> SubscribeAsync(IEnumerable<InstrumentKey> instruments, FeedMode mode, CancellationToken cancellationToken = default)
    {
        var keys = Validate(instruments, mode);
        if (keys.Count == 0)
        {
            return [];
        }

        var added = new List<InstrumentKey>();
        if (_ledger.Add(keys, mode, added) is not { } generation)
        {
            Log.SubscribeDeferred(_logger, keys.Count, mode);
            return [.. keys.Select(k => new InstrumentSubscriptionResult(k, mode, SubscriptionStatus.Pending, null))];
        }

        var results = new List<InstrumentSubscriptionResult>(keys.Count);
        try
        {
            foreach (var chunk in keys.Chunk(MaxInstrumentsPerCall))
            {
                results.AddRange(await SendSubscribeAsync(generation, chunk, mode, cancellationToken));
            }
        }
        catch (HubException)
        {
            var sent = results.Select(r => r.Instrument).ToHashSet();
            var evicted = new List<InstrumentKey>();
            _ledger.Revert([.. added.Where(k => !sent.Contains(k))], mode, evicted);
            Evict(evicted);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The connection dropped (or is being replaced): the pairs stay desired and the next connection's replay sends them.
            Log.SubscribeInterrupted(_logger, keys.Count - results.Count, ex.GetType().Name);
            var answered = results.Select(r => r.Instrument).ToHashSet();
            results.AddRange(keys.Where(k => !answered.Contains(k)).Select(k => new InstrumentSubscriptionResult(k, mode, SubscriptionStatus.Pending, null)));
        }

        return results;
    }

    /// <summary>
    /// Unsubscribes <paramref name="instruments"/> in <paramref name="mode"/> and removes them from the desired set.
    /// While disconnected it only updates the set (a new connection holds nothing the set does not list). An
    /// instrument no longer wanted in any mode is evicted from the cache; updates already in flight may still arrive.
    /// </summary>
    /// <param name="instruments">The instruments.</param>
    /// <param name="mode">The mode they were subscribed in.</param>
    /// <param name="cancellationToken">Stops waiting for the relay.</param>
    /// <exception cref="ArgumentException">An instrument key is not valid, or the mode is not defined.</exception>
    /// <exception cref="HubException">The relay failed the call.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task UnsubscribeAsync(IEnumerable<InstrumentKey> instruments, FeedMode mode, CancellationToken cancellationToken = default)
    {
        var keys = Validate(instruments, mode);
        if (keys.Count == 0)
        {
            return;
        }

        var evicted = new List<InstrumentKey>();
        var generation = _ledger.Remove(keys, mode, evicted);
        Evict(evicted);
        if (generation is null)
        {
            return;
        }

        try
        {
            foreach (var chunk in keys.Chunk(MaxInstrumentsPerCall))
            {
                await _connection.InvokeAsync(MarketHub.Unsubscribe, ToRefs(chunk), ModeNames[mode], cancellationToken);
                _ledger.RecordUnsubscribed(generation.Value, chunk, mode);
            }
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException and not OutOfMemoryException)
        {
            // The connection dropped: the next one starts without these subscriptions.
            Log.UnsubscribeInterrupted(_logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Brings connection <paramref name="generation"/> to the desired set (the replay after connect, reconnect or
    /// restart), then marks the client connected. Never throws.
    /// </summary>
    private async Task ReconcileAsync(int generation, CancellationToken cancellationToken)
    {
        List<InstrumentSubscriptionResult> results = [];
        try
        {
            while (_ledger.NextStep(generation) is { } step)
            {
                if (step.IsDone)
                {
                    TransitionToConnected(generation);
                    break;
                }

                foreach (var group in step.ToUnsubscribe.GroupBy(p => p.Mode))
                {
                    foreach (var chunk in group.Select(p => p.Instrument).Chunk(MaxInstrumentsPerCall))
                    {
                        await _connection.InvokeAsync(MarketHub.Unsubscribe, ToRefs(chunk), ModeNames[group.Key], cancellationToken);
                        _ledger.RecordUnsubscribed(generation, chunk, group.Key);
                    }
                }

                foreach (var group in step.ToSubscribe.GroupBy(p => p.Mode))
                {
                    foreach (var chunk in group.Select(p => p.Instrument).Chunk(MaxInstrumentsPerCall))
                    {
                        results.AddRange(await SendSubscribeAsync(generation, chunk, group.Key, cancellationToken));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (HubException ex)
        {
            // The relay refused the replay itself; do not loop on it. What was not applied is retried on the next connection.
            Log.ReplayFailed(_logger, ex);
            if (_ledger.ForceLive(generation))
            {
                TransitionToConnected(generation);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection dropped during the replay; the next connection replays again.
            Log.ReplayInterrupted(_logger, ex.GetType().Name);
            return;
        }

        if (results.Count > 0)
        {
            Log.Resubscribed(_logger, results.Count, results.Count(r => r.Status == SubscriptionStatus.Rejected));
            Raise(Resubscribed, new ResubscribedEventArgs(results), nameof(Resubscribed));
        }
    }

    /// <summary>Sends one Subscribe call and applies its answer: ledger, cache, streams.</summary>
    private async Task<InstrumentSubscriptionResult[]> SendSubscribeAsync(int generation, InstrumentKey[] chunk, FeedMode mode, CancellationToken cancellationToken)
    {
        var raw = await _connection.InvokeAsync<SubscriptionResult[]?>(MarketHub.Subscribe, ToRefs(chunk), ModeNames[mode], cancellationToken);
        var results = MapResults(chunk, mode, raw ?? []);
        var evicted = new List<InstrumentKey>();
        _ledger.RecordResults(generation, results, evicted);
        Evict(evicted);
        foreach (var result in results)
        {
            if (result.Status == SubscriptionStatus.Rejected)
            {
                Log.SubscriptionRejected(_logger, result.Instrument, mode, result.Reason);
            }
            else if (result.Snapshot is { } snapshot)
            {
                Publish(MarketUpdate.From(result.Instrument, snapshot, snapshot: true));
            }
        }

        return results;
    }

    /// <summary>Pairs the relay's answers with the requested keys: by instrument, else by position.</summary>
    internal static InstrumentSubscriptionResult[] MapResults(IReadOnlyList<InstrumentKey> requested, FeedMode mode, IReadOnlyList<SubscriptionResult?> raw)
    {
        var byKey = new Dictionary<InstrumentKey, SubscriptionResult>(raw.Count);
        foreach (var result in raw)
        {
            if (result is not null && InstrumentKey.TryCreate(result.ExchangeSegment, result.SecurityId, out var key, out _))
            {
                byKey.TryAdd(key, result);
            }
        }

        var mapped = new InstrumentSubscriptionResult[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            var key = requested[i];
            var result = byKey.GetValueOrDefault(key) ?? (raw.Count == requested.Count ? raw[i] : null);
            mapped[i] = result is null
                ? new InstrumentSubscriptionResult(key, mode, SubscriptionStatus.Rejected, null, "The relay returned no result for this instrument.")
                : new InstrumentSubscriptionResult(key, mode, result.Accepted ? SubscriptionStatus.Accepted : SubscriptionStatus.Rejected, result);
        }

        return mapped;
    }

    private List<InstrumentKey> Validate(IEnumerable<InstrumentKey> instruments, FeedMode mode)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!ModeNames.ContainsKey(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Mode must be Ticker, Quote or Full.");
        }

        var seen = new HashSet<InstrumentKey>();
        var keys = new List<InstrumentKey>();
        foreach (var key in instruments)
        {
            if (key.SecurityId == 0 || !ExchangeSegments.IsDefined((byte)key.Segment))
            {
                throw new ArgumentException($"Instrument key with segment code {(byte)key.Segment} and security id {key.SecurityId} is not valid.", nameof(instruments));
            }

            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static InstrumentRef[] ToRefs(IReadOnlyList<InstrumentKey> keys)
    {
        var refs = new InstrumentRef[keys.Count];
        for (var i = 0; i < refs.Length; i++)
        {
            refs[i] = InstrumentRef.From(keys[i]);
        }

        return refs;
    }

    private void Evict(List<InstrumentKey> instruments)
    {
        foreach (var instrument in instruments)
        {
            _cache.Remove(instrument);
        }
    }
}
