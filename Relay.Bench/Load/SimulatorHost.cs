namespace Relay.Bench.Load;

/// <summary>The <c>sim</c> sub-command: the feed simulator as the upstream of a load run (available once the simulator is merged).</summary>
internal static class SimulatorHost
{
    /// <summary>Runs the sub-command; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine options)
    {
        _ = options;
        await Console.Error.WriteLineAsync("The feed simulator is not in this build yet.");
        return 1;
    }
}
