using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Broadcast;
using Relay.Server.Market;

namespace Relay.Server.Hubs;

/// <summary>
/// The subscription rules shared by the hub and <c>/ws</c>: validation, limits, the instrument master warning,
/// the feed's reference counts and the broadcaster's groups, kept in step.
/// </summary>
/// <remarks>
/// Calls for one connection must not overlap (SignalR runs one invocation per connection at a time; a
/// <c>/ws</c> socket handles its messages in order); a disconnect may overlap and is handled.
/// </remarks>
internal sealed partial class ClientSubscriptions
{
    // About 250 bytes each: at most ~1 MB, whatever clients ask for.
    private const int MaxCachedWarnings = 4096;

    private readonly SubscriberRegistry _registry;
    private readonly IMarketFeed _feed;
    private readonly IMarketStateReader _state;
    private readonly IInstrumentCatalog _catalog;
    private readonly MarketHubOptions _options;
    private readonly ILogger<ClientSubscriptions> _logger;
    private readonly ConcurrentDictionary<InstrumentKey, string> _notListedWarnings = new();
    private int _cachedWarnings;

    /// <summary>Creates the service.</summary>
    public ClientSubscriptions(SubscriberRegistry registry, IMarketFeed feed, IMarketStateReader state, IInstrumentCatalog catalog, IOptions<MarketHubOptions> options, ILogger<ClientSubscriptions> logger)
    {
        _registry = registry;
        _feed = feed;
        _state = state;
        _catalog = catalog;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The most instruments in one call.</summary>
    public int MaxInstrumentsPerCall => _options.MaxInstrumentsPerCall;

    /// <summary>Checks a whole call: a message for the client when it must be refused as a whole, otherwise <c>null</c>.</summary>
    public string? ValidateCall(IReadOnlyList<InstrumentRef?>? instruments)
    {
        if (instruments is null || instruments.Count == 0)
        {
            return "No instruments: pass a non-empty list of { exchangeSegment, securityId }.";
        }

        return instruments.Count > _options.MaxInstrumentsPerCall
            ? $"Too many instruments in one call: {instruments.Count} (at most {_options.MaxInstrumentsPerCall}). Split the list."
            : null;
    }

    /// <summary>Validates one instrument as a client sent it.</summary>
    public static bool TryParse(InstrumentRef? instrument, out InstrumentKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        if (instrument?.ExchangeSegment is not { } segment)
        {
            error = "Missing exchangeSegment.";
            return false;
        }

        if (instrument.SecurityId is not { } securityId)
        {
            error = "Missing securityId.";
            return false;
        }

        return InstrumentKey.TryCreate(segment, securityId, out key, out error);
    }

    /// <summary>
    /// Subscribes <paramref name="subscriber"/> to <paramref name="instruments"/> in <paramref name="mode"/> (call already
    /// validated by <see cref="ValidateCall"/>). One result per distinct instrument, in first-seen order: accepted
    /// (with a warning when the instrument master does not list it, and the last known state), or rejected with a reason.
    /// </summary>
    public async Task<SubscriptionResult[]> SubscribeAsync(Subscriber subscriber, IReadOnlyList<InstrumentRef?> instruments, FeedMode mode, bool withSnapshots, CancellationToken cancellationToken)
    {
        var results = new List<SubscriptionResult>(instruments.Count);
        var candidates = new List<InstrumentKey>(instruments.Count);
        var candidateRefs = new List<InstrumentRef>(instruments.Count);
        // Sized for the call: a subscribe runs for every client that connects, and growing these entry by entry
        // was a good part of its garbage.
        var seen = new HashSet<InstrumentKey>(instruments.Count);
        HashSet<(string?, string?)>? seenInvalid = null;
        foreach (var instrument in instruments)
        {
            if (!TryParse(instrument, out var key, out var error))
            {
                if ((seenInvalid ??= []).Add((instrument?.ExchangeSegment, instrument?.SecurityId)))
                {
                    results.Add(Rejected(instrument, error));
                }

                continue;
            }

            if (seen.Add(key))
            {
                candidates.Add(key);
                candidateRefs.Add(instrument!);
                results.Add(null!); // Filled below, keeping the client's order.
            }
        }

        var verdicts = new string?[candidates.Count];
        ApplyConnectionLimit(subscriber, candidates, verdicts);

        var warnings = new string?[candidates.Count];
        var toSubscribe = new List<InstrumentKey>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (verdicts[i] is not null)
            {
                continue;
            }

            warnings[i] = await CatalogWarningAsync(candidates[i], cancellationToken);
            toSubscribe.Add(candidates[i]);
        }

        // From here on nothing awaits: the feed and the groups change together.
        var accepted = new HashSet<InstrumentKey>(toSubscribe.Count);
        if (toSubscribe.Count > 0)
        {
            var outcomes = _feed.Subscribe(subscriber.ConnectionId, toSubscribe, mode);
            Dictionary<InstrumentKey, string>? refused = null;
            foreach (var outcome in outcomes)
            {
                if (outcome.Accepted)
                {
                    accepted.Add(outcome.Instrument);
                }
                else
                {
                    (refused ??= [])[outcome.Instrument] = outcome.Reason ?? "Refused by the feed.";
                }
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                if (verdicts[i] is null && !accepted.Contains(candidates[i]))
                {
                    verdicts[i] = refused?.GetValueOrDefault(candidates[i]) ?? "Refused by the feed.";
                }
            }

            if (accepted.Count > 0 && !_registry.Join(subscriber, [.. toSubscribe.Where(accepted.Contains)], mode))
            {
                // The client disconnected meanwhile and its release already ran: undo what we just added.
                _feed.ReleaseConnection(subscriber.ConnectionId);
                accepted.Clear();
                for (var i = 0; i < candidates.Count; i++)
                {
                    verdicts[i] ??= "The connection closed.";
                }
            }
        }

        var next = 0;
        for (var r = 0; r < results.Count; r++)
        {
            if (results[r] is not null)
            {
                continue;
            }

            var i = next++;
            results[r] = verdicts[i] is { } reason
                ? Rejected(candidateRefs[i], reason)
                : new SubscriptionResult
                {
                    ExchangeSegment = candidateRefs[i].ExchangeSegment,
                    SecurityId = candidateRefs[i].SecurityId,
                    Accepted = true,
                    Warning = warnings[i],
                    Snapshot = withSnapshots && _state.TryGet(candidates[i], out var snapshot) ? MarketMessages.ToFull(snapshot) : null,
                };
        }

        if (accepted.Count > 0)
        {
            Log.Subscribed(_logger, subscriber.ConnectionId, accepted.Count, mode, results.Count - accepted.Count);
        }

        return [.. results];
    }

    /// <summary>
    /// Unsubscribes <paramref name="subscriber"/> from <paramref name="instruments"/> in <paramref name="mode"/>;
    /// instruments it does not hold in that mode are ignored. Returns how many it left.
    /// </summary>
    public int Unsubscribe(Subscriber subscriber, IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        var left = _registry.Leave(subscriber, instruments, mode);
        if (left.Count > 0)
        {
            _feed.Unsubscribe(subscriber.ConnectionId, left, mode);
        }

        return left.Count;
    }

    /// <summary>How many instruments the feed holds for <paramref name="subscriber"/> (any mode).</summary>
    public int CountHeld(Subscriber subscriber) => _feed.CountHeldBy(subscriber.ConnectionId);

    /// <summary>The client left: leaves every group and releases its references. Idempotent.</summary>
    public void Release(Subscriber subscriber)
    {
        if (_registry.Remove(subscriber))
        {
            _feed.ReleaseConnection(subscriber.ConnectionId);
        }
    }

    // Only instruments the connection holds in no mode yet take room under the per-connection limit.
    private void ApplyConnectionLimit(Subscriber subscriber, List<InstrumentKey> candidates, string?[] verdicts)
    {
        var isNew = candidates.Count <= 1024 ? stackalloc bool[candidates.Count] : new bool[candidates.Count];
        var room = _registry.ClassifyNew(subscriber, candidates, isNew, _options.MaxInstrumentsPerConnection);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!isNew[i])
            {
                continue;
            }

            if (room == 0)
            {
                verdicts[i] = $"Over the limit of {_options.MaxInstrumentsPerConnection} instruments per connection.";
                continue;
            }

            room--;
        }
    }

    private static SubscriptionResult Rejected(InstrumentRef? instrument, string reason) => new()
    {
        ExchangeSegment = instrument?.ExchangeSegment,
        SecurityId = instrument?.SecurityId,
        Accepted = false,
        Reason = reason,
    };

    private async ValueTask<string?> CatalogWarningAsync(InstrumentKey instrument, CancellationToken cancellationToken)
    {
        try
        {
            return await _catalog.ExistsAsync(instrument, cancellationToken) ? null : NotListedWarning(instrument);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CatalogFailed(_logger, ex);
            return "The instrument master could not be checked.";
        }
    }

    // Every client subscribing to an unlisted instrument gets the same text: built once per instrument (up to
    // MaxCachedWarnings of them) instead of once per client and instrument.
    private string NotListedWarning(InstrumentKey instrument)
    {
        if (_notListedWarnings.TryGetValue(instrument, out var warning))
        {
            return warning;
        }

        warning = $"{instrument} is not in the instrument master; subscribed anyway, the feed may never send it.";
        if (Volatile.Read(ref _cachedWarnings) < MaxCachedWarnings && _notListedWarnings.TryAdd(instrument, warning))
        {
            Interlocked.Increment(ref _cachedWarnings);
        }

        return warning;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Connection {ConnectionId} subscribed {Count} instruments in {Mode} ({Rejected} rejected).")]
        public static partial void Subscribed(ILogger logger, string connectionId, int count, FeedMode mode, int rejected);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The instrument master lookup failed; subscribing without the check.")]
        public static partial void CatalogFailed(ILogger logger, Exception exception);
    }
}
