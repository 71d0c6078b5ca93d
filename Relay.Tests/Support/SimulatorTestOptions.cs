using Relay.Core.Simulator;

namespace Relay.Tests.Support;

/// <summary>Simulator options for tests: port 0, a fixed seed, fast ticks, short timeouts.</summary>
internal static class SimulatorTestOptions
{
    /// <summary>Fast options; adjust the returned instance as needed.</summary>
    public static SimulatorOptions Fast(int seed = 42, double ticksPerSecond = 50) => new()
    {
        Port = 0,
        Seed = seed,
        TicksPerSecondPerInstrument = ticksPerSecond,
        TimerResolution = TimeSpan.FromMilliseconds(5),
        CloseTimeout = TimeSpan.FromSeconds(1),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Creates and starts a simulator.</summary>
    public static async Task<FeedSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        var simulator = new FeedSimulator(options, timeProvider);
        await simulator.StartAsync(cancellationToken);
        return simulator;
    }
}
