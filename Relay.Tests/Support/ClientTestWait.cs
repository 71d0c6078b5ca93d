namespace Relay.Tests.Support;

/// <summary>Bounded polling for conditions the client tests cannot await directly.</summary>
internal static class ClientTestWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> every 5 ms; throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            while (!condition())
            {
                await Task.Delay(5, timeoutSource.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting until {what}.");
        }
    }
}
