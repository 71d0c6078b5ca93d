using System.Buffers;
using System.Globalization;

namespace Relay.Server.Hosting;

/// <summary>
/// Lets <see cref="ArrayPool{T}.Shared"/> keep more arrays of one size per core, set before anything uses the pool.
/// </summary>
/// <remarks>
/// SignalR's connection pipes rent a 4 KB block from the shared pool for each message written to a connection and
/// return it once the transport has sent it. At 50,000 messages a second over a thousand connections more blocks are
/// in flight at once than the pool keeps by default (32 per core), so most returns are dropped and most rents
/// allocate: the load harness measured 1.5 KB allocated per delivered message at L2, four fifths of it these blocks.
/// Keeping 256 per core brings it under 100 bytes (docs/performance.md). The cost is bounded: at most 256 idle arrays
/// per size and core (1 MB per core for the 4 KB blocks), which the runtime trims when they go unused or memory is
/// short. The runtime reads the setting from the environment once, when the pool is first used, so
/// <see cref="Apply"/> runs first thing in <c>Program</c>; a value the operator set wins.
/// </remarks>
internal static class SharedArrayPoolSizing
{
    /// <summary>The runtime's environment variable for arrays kept per size and core.</summary>
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Arrays of one size kept per core unless the operator says otherwise.</summary>
    public const int ArraysPerCore = 256;

    /// <summary>Sets <see cref="Variable"/> to <see cref="ArraysPerCore"/> unless it is already set.</summary>
    /// <returns>The value in effect for this process (when the pool had not been used yet).</returns>
    public static string Apply()
    {
        var current = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(current))
        {
            return current;
        }

        var value = ArraysPerCore.ToString(CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable(Variable, value);
        return value;
    }
}
