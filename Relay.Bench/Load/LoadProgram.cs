namespace Relay.Bench.Load;

/// <summary>Routes the harness's sub-commands: <c>load</c>, <c>sim</c>, <c>baseline-server</c>, <c>clients</c>.</summary>
internal static class LoadProgram
{
    /// <summary>True when <paramref name="args"/> name a harness sub-command (anything else goes to BenchmarkDotNet).</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && args[0] is "load" or "sim" or "baseline-server" or "clients";

    /// <summary>Runs the sub-command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = args.Skip(1).ToList();

        // --relay-arg takes the next argument verbatim (it starts with -- itself).
        var relayArguments = new List<string>();
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--relay-arg" && i + 1 < rest.Count)
            {
                relayArguments.Add(rest[i + 1]);
                rest.RemoveRange(i, 2);
                i--;
            }
        }

        var options = new CommandLine(rest);
        return args[0] switch
        {
            "load" => await LoadOrchestrator.RunAsync(options, relayArguments),
            "sim" => await SimulatorHost.RunAsync(options),
            "baseline-server" => await Baseline.BaselineServer.RunAsync(options),
            "clients" => await ClientsHost.RunAsync(options),
            _ => 1,
        };
    }
}
