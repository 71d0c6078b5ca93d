using BenchmarkDotNet.Running;

namespace Relay.Bench;

/// <summary>
/// Entry point of the benchmark suite:
/// <c>dotnet run -c Release --project Relay.Bench -- --filter '*'</c>.
/// </summary>
internal static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
