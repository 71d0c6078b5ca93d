using BenchmarkDotNet.Running;
using Relay.Bench.Instruments;
using Relay.Bench.Load;

namespace Relay.Bench;

/// <summary>
/// Entry point of the benchmark suite: <c>dotnet run -c Release --project Relay.Bench -- --filter '*'</c> runs the
/// BenchmarkDotNet micro-benchmarks; <c>-- load --scenario L1</c> (and the <c>sim</c>, <c>baseline-server</c>,
/// <c>clients</c> sub-commands it starts) is the load harness (see docs/performance.md).
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (LoadProgram.Handles(args))
        {
            return await LoadProgram.RunAsync(args);
        }

        if (args.Contains(InstrumentMasterBenchmark.Flag))
        {
            return await InstrumentMasterBenchmark.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
