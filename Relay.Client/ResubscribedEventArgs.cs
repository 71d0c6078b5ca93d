namespace Relay.Client;

/// <summary>Data of <see cref="RelayClient.Resubscribed"/>: the relay's answers to the replayed subscriptions.</summary>
public sealed class ResubscribedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="results">One result per replayed instrument and mode.</param>
    public ResubscribedEventArgs(IReadOnlyList<InstrumentSubscriptionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
    }

    /// <summary>One result per replayed instrument and mode; rejected ones are no longer desired.</summary>
    public IReadOnlyList<InstrumentSubscriptionResult> Results { get; }
}
