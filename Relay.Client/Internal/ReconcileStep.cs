namespace Relay.Client.Internal;

/// <summary>What must be sent on the current connection so that it holds exactly the desired set.</summary>
internal sealed record ReconcileStep(IReadOnlyList<DesiredSubscription> ToSubscribe, IReadOnlyList<DesiredSubscription> ToUnsubscribe)
{
    public static ReconcileStep Done { get; } = new([], []);

    public bool IsDone => ToSubscribe.Count == 0 && ToUnsubscribe.Count == 0;
}
