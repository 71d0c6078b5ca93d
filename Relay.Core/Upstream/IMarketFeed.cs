using Relay.Core.Contracts;
using Relay.Core.Subscriptions;

namespace Relay.Core.Upstream;

/// <summary>
/// The engine as the server sees it: reference-counted subscriptions per client connection over the single
/// upstream feed, and the feed's status. Calls never block on I/O: upstream requests go out after the call.
/// </summary>
public interface IMarketFeed
{
    /// <summary>The feed's current status.</summary>
    FeedStatus Status { get; }

    /// <summary>Raised (on any thread) whenever <see cref="Status"/> changes. Handlers must not block.</summary>
    event Action<FeedStatus>? StatusChanged;

    /// <summary>
    /// Adds references for <paramref name="connectionId"/>; returns one outcome per distinct instrument, in
    /// order. An instrument already held by the connection in the same mode is accepted again (idempotent).
    /// </summary>
    IReadOnlyList<SubscribeOutcome> Subscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode);

    /// <summary>Removes the connection's references in <paramref name="mode"/>; instruments it does not hold are ignored.</summary>
    void Unsubscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode);

    /// <summary>Releases everything <paramref name="connectionId"/> held (it disconnected).</summary>
    void ReleaseConnection(string connectionId);

    /// <summary>How many instruments <paramref name="connectionId"/> holds (any mode).</summary>
    int CountHeldBy(string connectionId);
}
