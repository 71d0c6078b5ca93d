using Relay.Core.Contracts;
using Relay.Core.Simulator;

namespace Relay.Bench.Load;

/// <summary>
/// The <c>sim</c> sub-command: the project's <see cref="FeedSimulator"/> as the upstream of a load run, in its own
/// process on 127.0.0.1. Bench settings: strictly increasing prices (<see cref="SimulatorOptions.MonotonicPrices"/>),
/// instruments ranked by ledger index (so the hot ones are indices 0..hot-1 whoever subscribes first), and every tick
/// recorded in the <see cref="SendLedger"/> with its send timestamp. Runs until killed, or its deadline.
/// </summary>
internal static class SimulatorHost
{
    /// <summary>Runs the sub-command; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine options)
    {
        using var ledger = SendLedger.Open(options.Required("ledger"));
        var universe = options.Int("universe", ledger.InstrumentCount);
        var firstSecurityId = options.Long("first-security-id", LoadDefaults.FirstSecurityId);
        var simulatorOptions = new SimulatorOptions
        {
            Port = options.Int("port", 0),
            ClientId = LoadDefaults.ClientId,
            AccessToken = LoadDefaults.AccessToken,
            TicksPerSecondPerInstrument = options.Double("rate", 1),
            HotInstrumentCount = options.Int("hot", 0),
            HotRateMultiplier = options.Double("hot-multiplier", 10),
            Seed = options.Int("seed", 7),
            MaxPacketsPerFrame = options.Int("packets-per-frame", 1),
            TimerResolution = TimeSpan.FromMilliseconds(options.Double("timer-ms", 2)),
            MonotonicPrices = true,
        };

        await using var simulator = new FeedSimulator(simulatorOptions);
        for (var i = 0; i < universe; i++)
        {
            simulator.Market.Get(new InstrumentKey(ExchangeSegment.NSE_EQ, (uint)(firstSecurityId + i)));
        }

        var time = TimeProvider.System;
        simulator.TickWritten = (key, ltp) =>
        {
            if (key.Segment == ExchangeSegment.NSE_EQ)
            {
                ledger.RecordSend((int)(key.SecurityId - firstSecurityId), (long)Math.Round(ltp * 20.0), time.GetTimestamp());
            }
        };

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.Double("deadline-seconds", 900)));
        await simulator.StartAsync(deadline.Token);
        ledger.AddCounter(LedgerCounter.SimulatorReady, 1);
        var rate = simulatorOptions.TicksPerSecondPerInstrument;
        try
        {
            while (!deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, deadline.Token);
                var requested = ledger.RequestedTickRate;
                if (requested > 0 && requested != rate)
                {
                    rate = requested;
                    simulator.SetTickRate(rate);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Deadline.
        }

        return 0;
    }
}
