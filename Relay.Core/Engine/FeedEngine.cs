using Relay.Core.Contracts;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Core.Engine;

/// <summary>
/// The engine as the server sees it: client references go to the <see cref="SubscriptionSet"/> (which
/// reports transitions to the <see cref="UpstreamSynchronizer"/>, which sends them on the
/// <see cref="UpstreamPool"/>'s sockets after the call returns); the status is the pool's.
/// </summary>
internal sealed class FeedEngine : IMarketFeed, IDisposable
{
    private readonly SubscriptionSet _set;
    private readonly UpstreamPool _pool;

    public FeedEngine(SubscriptionSet set, UpstreamPool pool)
    {
        _set = set ?? throw new ArgumentNullException(nameof(set));
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _pool.StatusChanged += OnPoolStatusChanged;
    }

    public event Action<FeedStatus>? StatusChanged;

    public FeedStatus Status => _pool.Status;

    public IReadOnlyList<SubscribeOutcome> Subscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode) =>
        _set.Subscribe(connectionId, instruments, mode);

    public void Unsubscribe(string connectionId, IReadOnlyList<InstrumentKey> instruments, FeedMode mode) =>
        _set.Unsubscribe(connectionId, instruments, mode);

    public void ReleaseConnection(string connectionId) => _set.ReleaseConnection(connectionId);

    public int CountHeldBy(string connectionId) => _set.CountHeldBy(connectionId);

    public void Dispose() => _pool.StatusChanged -= OnPoolStatusChanged;

    private void OnPoolStatusChanged(FeedStatus status) => StatusChanged?.Invoke(status);
}
