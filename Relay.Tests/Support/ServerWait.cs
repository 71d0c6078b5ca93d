namespace Relay.Tests.Support;

/// <summary>Polls a condition until it holds or a timeout passes (server tests).</summary>
internal static class ServerWait
{
    /// <summary>The default wait for something that should happen promptly.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Waits until <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> with <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
