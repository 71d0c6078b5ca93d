namespace Relay.Bench.Load;

/// <summary>The scenarios of the "Prove the speed" issue, plus the CI smoke.</summary>
internal static class LoadScenarios
{
    /// <summary>Every scenario by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, LoadScenario> All { get; } = Build().ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The order of <c>--scenario all</c>.</summary>
    public static IReadOnlyList<string> Suite { get; } =
        ["idle-1000", "idle-3000", "L1", "L1-msgpack", "L2", "capacity", "slow", "reconnect", "burst"];

    private static IEnumerable<LoadScenario> Build()
    {
        yield return new LoadScenario
        {
            Name = "smoke",
            Description = "CI smoke: 30 clients × 5 of 100 instruments, 200 ticks/s, 4 s; correctness only",
            Universe = 100,
            Clients = 30,
            InstrumentsPerClient = 5,
            TicksPerSecond = 200,
            HotInstruments = 5,
            HotMultiplier = 4,
            WarmupSeconds = 1,
            Fidelity = 2,
            WithBaseline = false,
            Windows = [new WindowPlan("steady", 4)],
        };

        foreach (var clients in (int[])[1000, 3000])
        {
            yield return new LoadScenario
            {
                Name = $"idle-{clients}",
                Description = $"{clients} idle connections (each subscribed to 20 of 2000 quiet instruments): memory per connection",
                Clients = clients,
                TicksPerSecond = 0,
                WarmupSeconds = 3,
                Windows = [new WindowPlan("idle", 10)],
            };
        }

        yield return new LoadScenario
        {
            Name = "L1",
            Description = "L1 steady: 500 clients × 20 of 2000 instruments, 2000 ticks/s (20 hot at 10×), JSON, 60 s",
            Windows = [new WindowPlan("steady", 60)],
        };

        yield return new LoadScenario
        {
            Name = "L1-msgpack",
            Description = "L1 over MessagePack: 500 clients × 20 of 2000 instruments, 2000 ticks/s, 30 s",
            Protocol = HubProtocolKind.MessagePack,
            Windows = [new WindowPlan("steady", 30)],
        };

        yield return new LoadScenario
        {
            Name = "L2",
            Description = "L2 peak: 1000 clients × 50 of 3000 instruments, 3000 ticks/s (30 hot at 10×), JSON, 60 s",
            Universe = 3000,
            Clients = 1000,
            InstrumentsPerClient = 50,
            TicksPerSecond = 3000,
            HotInstruments = 30,
            Windows = [new WindowPlan("steady", 60)],
        };

        yield return new LoadScenario
        {
            Name = "capacity",
            Description = "Capacity: 1500 clients × 20 of 2000 instruments, 2000 ticks/s, JSON, 60 s",
            Clients = 1500,
            Windows = [new WindowPlan("steady", 60)],
        };

        yield return new LoadScenario
        {
            Name = "slow",
            Description = "Slow consumers: L1 with 5% of clients holding all 2000 instruments (2000 ticks/s, about 140 KB/s each), which then stop reading for 60 s",
            StallFraction = 0.05,
            StallersHoldHot = true,
            StallerInstruments = 2000,
            Windows = [new WindowPlan("before", 20), new WindowPlan("stall", 60, WindowAction.Stall), new WindowPlan("after", 10)],
        };

        yield return new LoadScenario
        {
            Name = "reconnect",
            Description = "Reconnect storm: 1000 clients × 20 of 2000 instruments at 2000 ticks/s all drop at once and come back",
            Clients = 1000,
            Windows = [new WindowPlan("before", 10), new WindowPlan("storm", 15, WindowAction.Reconnect), new WindowPlan("after", 10)],
        };

        yield return new LoadScenario
        {
            Name = "burst",
            Description = "Upstream burst: L1, then 10,000 ticks/s for 30 s, then back to 2000",
            Windows =
            [
                new WindowPlan("before", 10),
                new WindowPlan("burst", 30, WindowAction.Rate, 10_000),
                new WindowPlan("after", 10, WindowAction.Rate, 2000),
            ],
        };
    }
}
