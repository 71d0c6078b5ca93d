using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

/// <summary>A subscription set, a synchronizer and a fake upstream wired together.</summary>
internal sealed class SyncHarness : IDisposable
{
    public SyncHarness(
        int sockets,
        int cap,
        TimeProvider? timeProvider = null,
        TimeSpan? coalesceWindow = null,
        TimeSpan? reconcileInterval = null,
        SocketPlacement placement = SocketPlacement.MostFreeRoom)
    {
        Set = new SubscriptionSet(sockets, cap, placement);
        Upstream = new FakeUpstream(sockets, cap);
        var options = new SubscriptionOptions
        {
            CoalesceWindow = coalesceWindow ?? TimeSpan.FromMilliseconds(25),
            ReconcileInterval = reconcileInterval ?? TimeSpan.Zero,
            Placement = placement,
        };
        Sync = new UpstreamSynchronizer(Set, Upstream, Options.Create(options), timeProvider ?? TimeProvider.System, NullLogger<UpstreamSynchronizer>.Instance);
    }

    public SubscriptionSet Set { get; }

    public FakeUpstream Upstream { get; }

    public UpstreamSynchronizer Sync { get; }

    public async Task ConnectAllAsync(CancellationToken cancellationToken)
    {
        for (var socket = 0; socket < Set.MaxSockets; socket++)
        {
            Upstream.Connect(socket);
            await Sync.OnSessionStartedAsync(socket, cancellationToken);
        }
    }

    public async Task RestartAsync(int socket, CancellationToken cancellationToken)
    {
        Upstream.Disconnect(socket);
        Sync.OnSessionEnded(socket);
        Upstream.Connect(socket);
        await Sync.OnSessionStartedAsync(socket, cancellationToken);
    }

    /// <summary>The desired set on <paramref name="socket"/>, as the upstream should hold it.</summary>
    public IReadOnlyList<InstrumentMode> DesiredOn(int socket) =>
        [.. Set.SnapshotSocket(socket).Select(p => new InstrumentMode(p.Instrument, p.Mode))];

    /// <summary>Every socket of the fake upstream holds exactly the desired set, one mode per instrument, and no rule was broken.</summary>
    public void UpstreamShouldMatchDesired()
    {
        Upstream.Violations.Should().BeEmpty();
        for (var socket = 0; socket < Set.MaxSockets; socket++)
        {
            var desired = Sorted(DesiredOn(socket));
            Sorted(Upstream.HoldingsOf(socket)).Should().Equal(desired, "socket {0} should hold the desired set", socket);
            Sorted(Sync.GetSentState(socket)).Should().Equal(desired, "the sent state of socket {0} should match", socket);
        }
    }

    public void Dispose() => Sync.Dispose();

    /// <summary>A canonical order, so lists compare with <c>Equal</c> (structural equivalence is quadratic).</summary>
    public static List<InstrumentMode> Sorted(IEnumerable<InstrumentMode> items) =>
        [.. items.OrderBy(i => i.Instrument.Segment).ThenBy(i => i.Instrument.SecurityId).ThenBy(i => i.Mode)];

    /// <summary>Polls <paramref name="condition"/> every few milliseconds for at most <paramref name="duration"/>.</summary>
    public static async Task PollAsync(Func<bool> condition, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition() && TimeProvider.System.GetTimestamp() < until)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>
    /// Advances fake time by <paramref name="step"/> until <paramref name="condition"/> holds (bounded by the test's
    /// token): the loop may not have armed its timer yet when time first moves.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            time.Advance(step);
            await Task.Delay(5, cancellationToken);
        }
    }
}
