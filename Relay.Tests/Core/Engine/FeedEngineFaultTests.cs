using System.Collections.Concurrent;
using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Core.Upstream;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>Network faults injected by the simulator: Relay reconnects (or survives) and the simulator ends up holding the same set.</summary>
internal sealed class FeedEngineFaultTests
{
    public enum Fault
    {
        Drop,
        CloseWithCode,
        Disconnect800,
    }

    private static readonly InstrumentKey[] Tickers = EngineHarness.Equities(120);
    private static readonly InstrumentKey FullOne = EngineHarness.Equity(1333);
    private static readonly InstrumentKey QuoteOne = new(ExchangeSegment.NSE_FNO, 35001);

    [TestCase(Fault.Drop)]
    [TestCase(Fault.CloseWithCode)]
    [TestCase(Fault.Disconnect800)]
    [CancelAfter(40_000)]
    public async Task Fault_SocketLost_ReconnectsAndSimulatorHoldsTheSameSetAgain(Fault fault, CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        var expected = Subscribe(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        var before = simulator.OpenSocketIds.Should().ContainSingle().Subject;

        var injected = fault switch
        {
            Fault.Drop => simulator.DropConnections(),
            Fault.CloseWithCode => await simulator.CloseConnectionsAsync(WebSocketCloseStatus.InternalServerError, "maintenance", cancellationToken: cancellationToken),
            _ => await simulator.SendDisconnectAsync((ushort)DisconnectReason.InternalServerError, cancellationToken: cancellationToken),
        };
        injected.Should().Be(1);

        await simulator.WaitUntilAsync(s => s.OpenSocketIds.Any(id => id > before) && EngineHarness.HoldsExactly(s.GetAllSubscriptions(), expected), EngineHarness.Patience, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        var after = simulator.OpenSocketIds.Should().ContainSingle().Subject;
        after.Should().BeGreaterThan(before);
        var replay = simulator.Requests.Where(r => r.SocketId == after).ToList();
        replay.SelectMany(r => r.Instruments).Should().OnlyHaveUniqueItems("the new socket gets the set once").And.HaveCount(expected.Count);
        replay.Should().OnlyContain(r => r.Instruments.Count <= 100);
        engine.Pool.Connections[0].GetStatus().Reconnects.Should().Be(1);
        simulator.Violations.Should().BeEmpty();
        await TicksKeepComingAsync(engine, FullOne, cancellationToken);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Fault_ThreeQuickDropsWhileDataFlows_ReconnectsEveryTimeInsteadOfSuspectingTheCredentials(CancellationToken cancellationToken)
    {
        // A flapping network or a rolling restart: each session streamed data, so the credentials are fine.
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        var expected = Subscribe(engine);
        for (var drop = 0; drop < 4; drop++)
        {
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
            await TicksKeepComingAsync(engine, FullOne, cancellationToken);
            var socket = simulator.OpenSocketIds.Should().ContainSingle().Subject;
            simulator.DropConnections(socket).Should().Be(1);
            await simulator.WaitUntilAsync(s => s.OpenSocketIds.Any(id => id > socket), EngineHarness.Patience, cancellationToken);
        }

        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        engine.Pool.Connections[0].GetStatus().Reconnects.Should().Be(4);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Fault_GarbageTruncatedAndOversizedFrames_CountedAsMalformedAndTheFeedContinuesOnTheSameSocket(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        var expected = Subscribe(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        var socket = simulator.OpenSocketIds.Should().ContainSingle().Subject;
        engine.Counters.Snapshot().Malformed.Should().Be(0);

        for (var i = 0; i < 5; i++)
        {
            (await simulator.SendGarbageAsync(16 + (i * 40), cancellationToken: cancellationToken)).Should().Be(1);
        }

        (await simulator.SendTruncatedPacketAsync(cancellationToken: cancellationToken)).Should().Be(1);

        // A frame far larger than anything DhanHQ sends (3 MiB of zeros): dropped whole, counted once.
        (await simulator.SendRawFrameAsync(new byte[3 << 20], cancellationToken: cancellationToken)).Should().Be(1);

        await EngineHarness.WaitUntilAsync(() => engine.Counters.Snapshot().Malformed >= 7, "seven malformed frames to be counted", cancellationToken);
        await TicksKeepComingAsync(engine, FullOne, cancellationToken);
        await TicksKeepComingAsync(engine, Tickers[^1], cancellationToken);

        engine.Feed.Status.State.Should().Be(FeedState.Connected);
        engine.Pool.Connections[0].GetStatus().Should().Match<UpstreamSocketStatus>(s => s.Malformed >= 7 && s.Reconnects == 0);
        simulator.OpenSocketIds.Should().Equal(socket);
        EngineHarness.HoldsExactly(simulator.GetAllSubscriptions(), expected).Should().BeTrue();
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Fault_SimulatorGoesSilent_StaleThenReconnectsAndReplays(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?>
            {
                ["Relay:Feed:StaleAfter"] = "00:00:02",
                ["Relay:Simulator:PingInterval"] = "00:00:20",
                ["Relay:Simulator:PongTimeout"] = "00:00:30",
            },
            cancellationToken: cancellationToken);
        var states = new ConcurrentQueue<FeedState>();
        engine.Feed.StatusChanged += status => states.Enqueue(status.State);
        var simulator = engine.Simulator;
        var expected = Subscribe(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        var silent = simulator.OpenSocketIds.Should().ContainSingle().Subject;

        simulator.GoSilent().Should().Be(1);

        // The silent socket is still open on the simulator's side (it reads nothing, so it has not noticed): look at the new one.
        await simulator.WaitUntilAsync(
            s => s.OpenSocketIds.Any(id => id > silent && EngineHarness.HoldsExactly(s.GetSubscriptions(id).ToDictionary(p => p.Key, p => p.Value), expected)),
            EngineHarness.Patience,
            cancellationToken);
        states.Should().Contain(FeedState.Stale);

        // Once the silence ends the old socket finds Relay gone and closes; the simulator then holds exactly the set, once.
        simulator.Resume();
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, EngineHarness.Patience, cancellationToken);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.OpenSocketIds.Single().Should().BeGreaterThan(silent);
        simulator.Violations.Should().BeEmpty();
        await TicksKeepComingAsync(engine, FullOne, cancellationToken);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Fault_OneOfTwoSocketsDropped_OnlyThatSocketIsReplayed(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(new Dictionary<string, string?> { ["Relay:Feed:MaxConnections"] = "2" }, cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        var expected = Subscribe(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 2, EngineHarness.Patience, cancellationToken);
        var (dropped, kept) = (simulator.OpenSocketIds[0], simulator.OpenSocketIds[1]);
        var keptSet = simulator.GetSubscriptions(kept);
        var keptRequests = simulator.Requests.Count(r => r.SocketId == kept);

        simulator.DropConnections(dropped).Should().Be(1);

        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 2 && s.OpenSocketIds.Max() > kept && EngineHarness.HoldsExactly(s.GetAllSubscriptions(), expected), EngineHarness.Patience, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.Requests.Count(r => r.SocketId == kept).Should().Be(keptRequests, "the healthy socket is left alone");
        simulator.GetSubscriptions(kept).Should().BeEquivalentTo(keptSet);
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Fault_SimulatorRestartsWhileClientsChangeTheirSets_ReconnectsAndReplaysTheCurrentSet(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(EngineHarness.ExternalSimulatorOptions(), cancellationToken);
        await using var engine = await EngineHarness.StartDhanAsync(simulator, cancellationToken: cancellationToken);
        var expected = Subscribe(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        await simulator.StopAsync(cancellationToken);
        await engine.WaitUntilAsync(() => engine.Feed.Status.State is FeedState.Reconnecting, cancellationToken);
        var attemptsWhileDown = engine.Counters.Snapshot().ConnectionAttempts;
        await EngineHarness.WaitUntilAsync(() => engine.Counters.Snapshot().ConnectionAttempts >= attemptsWhileDown + 2, "retries while the simulator is down", cancellationToken);

        // Meanwhile: one client leaves, another upgrades, a new one arrives.
        engine.Feed.ReleaseConnection("quote");
        engine.Feed.Subscribe("upgrade", Tickers[..10], FeedMode.Quote);
        engine.Feed.Subscribe("newcomer", [new InstrumentKey(ExchangeSegment.BSE_EQ, 500325)], FeedMode.Full);
        expected.Remove(QuoteOne);
        foreach (var instrument in Tickers[1..10])
        {
            expected[instrument] = FeedMode.Quote;
        }

        expected[new InstrumentKey(ExchangeSegment.BSE_EQ, 500325)] = FeedMode.Full;
        await engine.FlushAsync(cancellationToken);
        await simulator.StartAsync(cancellationToken);

        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.OpenSocketCount.Should().Be(1);
        simulator.Violations.Should().BeEmpty();
        simulator.Requests.Where(r => r.SocketId == simulator.OpenSocketIds[0]).SelectMany(r => r.Instruments).Should().OnlyHaveUniqueItems();
        await TicksKeepComingAsync(engine, FullOne, cancellationToken);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Stop_WhileTheFeedIsDown_StopsPromptlyAndLogsNoException(CancellationToken cancellationToken)
    {
        var simulator = await SimulatorTestOptions.StartAsync(EngineHarness.ExternalSimulatorOptions(), cancellationToken);
        var engine = await EngineHarness.StartDhanAsync(simulator, cancellationToken: cancellationToken);
        Subscribe(engine);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        await simulator.DisposeAsync();
        await engine.WaitUntilAsync(() => engine.Feed.Status.State is FeedState.Reconnecting && engine.Counters.Snapshot().ConnectionAttempts >= 3, cancellationToken);

        await engine.StopAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        await engine.DisposeAsync();

        engine.Feed.Status.State.Should().Be(FeedState.Stopped);
        engine.EntriesAtOrAbove(Microsoft.Extensions.Logging.LogLevel.Error).Should().BeEmpty();
    }

    /// <summary>120 tickers (two requests), one Full, one Quote with OI, over three clients.</summary>
    private static Dictionary<InstrumentKey, FeedMode> Subscribe(EngineHarness engine)
    {
        engine.Feed.Subscribe("tickers", Tickers, FeedMode.Ticker).Should().OnlyContain(o => o.Accepted);
        engine.Feed.Subscribe("full", [FullOne, Tickers[0]], FeedMode.Full).Should().OnlyContain(o => o.Accepted);
        engine.Feed.Subscribe("quote", [QuoteOne], FeedMode.Quote).Should().OnlyContain(o => o.Accepted);
        var expected = FeedEngineSubscriptionTests.Modes(FeedMode.Ticker, Tickers);
        expected[FullOne] = FeedMode.Full;
        expected[Tickers[0]] = FeedMode.Full;
        expected[QuoteOne] = FeedMode.Quote;
        return expected;
    }

    /// <summary>New packets for <paramref name="instrument"/> still reach the sink and the market state.</summary>
    private static async Task TicksKeepComingAsync(EngineHarness engine, InstrumentKey instrument, CancellationToken cancellationToken)
    {
        var seen = engine.Sink.CountOf(instrument);
        engine.Market.TryGet(instrument, out var previous);
        await EngineHarness.WaitUntilAsync(
            () => engine.Sink.CountOf(instrument) >= seen + 2 && engine.Market.TryGet(instrument, out var now) && now.ReceivedAt >= previous.ReceivedAt && now.Ltp > 0,
            $"new packets for {instrument}",
            cancellationToken);
    }
}
