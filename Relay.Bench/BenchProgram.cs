using BenchmarkDotNet.Running;
using Relay.Bench.Instruments;

namespace Relay.Bench;

/// <summary>
/// Entry point of the benchmark suite:
/// <c>dotnet run -c Release --project Relay.Bench -- --filter '*'</c>.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains(InstrumentMasterBenchmark.Flag))
        {
            return await InstrumentMasterBenchmark.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
