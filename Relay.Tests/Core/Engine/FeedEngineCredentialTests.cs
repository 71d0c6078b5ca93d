using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Core.Upstream;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>
/// Rejections by the feed (disconnect 807 and 805, HTTP 401/429 on the handshake, immediate drops): the connection
/// attempts stay bounded, the status says why, and new credentials reconnect at once and replay the set.
/// </summary>
/// <remarks>
/// The engine runs on a <see cref="FakeTimeProvider"/> that only the test advances (with no coalescing window, which
/// would wait on it too), so "no attempt during the back-off" is exact: real time passing changes nothing.
/// </remarks>
internal sealed class FeedEngineCredentialTests
{
    private const string ExpiredToken = "eyJhbGciOiJIUzUxMiJ9.ZXhwaXJlZA.ZXhwaXJlZC1zaWduYXR1cmU";
    private const string RenewedClientId = "1109999999";
    private const string RenewedToken = "eyJhbGciOiJIUzUxMiJ9.cmVuZXdlZA.cmVuZXdlZC1zaWduYXR1cmU";

    // Long enough for a stray retry to show; nothing is awaited on it except the absence of attempts.
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(1);

    private static readonly InstrumentKey[] Wanted = [.. EngineHarness.Equities(150), EngineHarness.Equity(1333)];

    [Test]
    [CancelAfter(40_000)]
    public async Task Rejected_TokenExpired807_BacksOffForTheConfiguredTimeAndNewCredentialsReconnectAtOnce(CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        options.ExpiredAccessToken = ExpiredToken;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var engine = await StartOnFakeTimeAsync(simulator, time, new() { ["Relay:Feed:AccessToken"] = ExpiredToken }, cancellationToken);
        var expected = SubscribeWanted(engine);

        await engine.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        engine.Feed.Status.Reason.Should().Contain("807").And.Contain("expired");
        simulator.ConnectionAttempts.Should().ContainSingle().Which.DisconnectReason.Should().Be((ushort)DisconnectReason.AccessTokenExpired);

        // Frozen clock: no retry, however long we wait in real time; one second short of the back-off: still none.
        await Task.Delay(QuietWindow, cancellationToken);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await Task.Delay(QuietWindow, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(1);

        // The back-off ends: exactly one more attempt, rejected again.
        time.Advance(TimeSpan.FromSeconds(1));
        await simulator.WaitUntilAsync(s => s.ConnectionAttempts.Count == 2, EngineHarness.Patience, cancellationToken);
        await engine.WaitUntilAsync(() => engine.Feed.Status.State == FeedState.CredentialsRejected && engine.Pool.Connections[0].GetStatus().ConnectionAttempts == 2, cancellationToken);
        await Task.Delay(QuietWindow, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(2);

        // A renewed token: reconnect at once (the clock does not move) and replay the whole set.
        engine.Credentials.Set(new FeedCredentials(options.ClientId, options.AccessToken));
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(3);
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Rejected_AnotherConnectionTookTheSlot805_EvictedForTheConfiguredTimeThenReconnectsAndReplays(CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        options.MaxConnectionsPerClient = 1;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var engine = await StartOnFakeTimeAsync(simulator, time, null, cancellationToken);
        var expected = SubscribeWanted(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);

        // Something else using the account connects: the simulator drops the oldest socket (Relay's) with 805.
        await using (var intruder = await SimulatorClient.ConnectAsync(simulator, cancellationToken))
        {
            await engine.WaitForStateAsync(FeedState.Evicted, cancellationToken);
            engine.Feed.Status.Reason.Should().Contain("805");
            await Task.Delay(QuietWindow, cancellationToken);
            time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
            await Task.Delay(QuietWindow, cancellationToken);
            simulator.ConnectionAttemptCount.Should().Be(2, "Relay's first connection and the intruder's; no retry during the back-off");

            // The back-off ends: Relay takes the slot back (the intruder is the oldest now) and replays.
            time.Advance(TimeSpan.FromSeconds(1));
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
            await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
            await intruder.WaitUntilAsync(c => c.DisconnectReasons.Contains((ushort)DisconnectReason.TooManyConnections), EngineHarness.Patience);
        }

        simulator.ConnectionAttemptCount.Should().Be(3);
        simulator.Violations.Where(v => v.Type != SimulatorViolationType.TooManyConnections).Should().BeEmpty();
    }

    [TestCase(401)]
    [TestCase(429)]
    [CancelAfter(40_000)]
    public async Task Rejected_HandshakeHttpStatus_CredentialsRejectedWithoutRetryUntilNewCredentials(int status, CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        simulator.RejectHandshakes(status);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var engine = await StartOnFakeTimeAsync(simulator, time, null, cancellationToken);
        var expected = SubscribeWanted(engine);

        await engine.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        engine.Feed.Status.Reason.Should().Contain($"HTTP {status}");
        await Task.Delay(QuietWindow, cancellationToken);
        simulator.ConnectionAttempts.Should().ContainSingle().Which.HttpStatus.Should().Be(status);

        // The account is fixed and renewed credentials are set: at once, no clock advance.
        simulator.AcceptHandshakes();
        simulator.SetCredentials(RenewedClientId, RenewedToken);
        engine.Credentials.Set(new FeedCredentials(RenewedClientId, RenewedToken));
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(2);
        simulator.Violations.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Rejected_DroppedRightAfterEveryHandshake_StopsAfterTheLimitAsCredentialsRejected(CancellationToken cancellationToken)
    {
        // DhanHQ's observed answer to a bad token: upgrade, then drop without a word. Real time, short retries.
        var options = EngineHarness.ExternalSimulatorOptions();
        options.AuthFailureMode = SimulatorAuthFailureMode.DropWithoutClose;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var engine = await EngineHarness.StartDhanAsync(
            simulator,
            new Dictionary<string, string?> { ["Relay:Feed:AccessToken"] = "not-the-token", ["Relay:Feed:ImmediateDropLimit"] = "3" },
            cancellationToken: cancellationToken);
        var expected = SubscribeWanted(engine);

        await engine.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        engine.Feed.Status.Reason.Should().Contain("3 times");
        await Task.Delay(QuietWindow, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(3);
        simulator.ConnectionAttempts.Should().OnlyContain(a => a.Outcome == SimulatorConnectionOutcome.AuthRejected);

        engine.Credentials.Set(new FeedCredentials(options.ClientId, options.AccessToken));
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(4);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Credentials_NoneConfigured_WaitsWithoutConnectingThenFirstCredentialsConnectAndReplay(CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var engine = await EngineHarness.StartDhanAsync(simulator, withCredentials: false, cancellationToken: cancellationToken);
        var expected = SubscribeWanted(engine);

        await engine.WaitForStateAsync(FeedState.NoCredentials, cancellationToken);
        await Task.Delay(QuietWindow, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(0);

        engine.Credentials.Set(new FeedCredentials(options.ClientId, options.AccessToken));
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.ConnectionAttemptCount.Should().Be(1);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Credentials_DhanCredentialsStoredInSimulatorMode_EmbeddedSimulatorKeepsItsOwnAndStaysConnected(CancellationToken cancellationToken)
    {
        // The server seeds the store from what an admin saved for DhanHQ, whatever the mode.
        await using var engine = await EngineHarness.StartEmbeddedAsync(
            new Dictionary<string, string?> { ["Relay:Feed:ClientId"] = RenewedClientId, ["Relay:Feed:AccessToken"] = RenewedToken },
            cancellationToken: cancellationToken);
        var expected = SubscribeWanted(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);

        engine.Credentials.Set(new FeedCredentials("1100000001", "another-dhan-token"));
        await engine.FlushAsync(cancellationToken);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);

        engine.Feed.Status.State.Should().Be(FeedState.Connected);
        engine.Simulator.ConnectionAttempts.Should().ContainSingle("DhanHQ credentials mean nothing to the simulator: no reconnect")
            .Which.Outcome.Should().Be(SimulatorConnectionOutcome.Accepted);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Credentials_RenewedWhileConnected_LeavesPolitelyAndReplaysOnceWithTheNewOnes(CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var engine = await EngineHarness.StartDhanAsync(simulator, cancellationToken: cancellationToken);
        var expected = SubscribeWanted(engine);
        await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
        var old = simulator.OpenSocketIds.Should().ContainSingle().Subject;

        simulator.SetCredentials(RenewedClientId, RenewedToken);
        engine.Credentials.Set(new FeedCredentials(RenewedClientId, RenewedToken));

        await simulator.WaitUntilAsync(s => s.OpenSocketIds.Any(id => id > old) && EngineHarness.HoldsExactly(s.GetAllSubscriptions(), expected), EngineHarness.Patience, cancellationToken);
        await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
        simulator.Requests.Should().Contain(r => r.SocketId == old && r.Code == FeedRequestCode.Disconnect, "the old session said goodbye");
        var renewed = simulator.OpenSocketIds.Single();
        simulator.Requests.Where(r => r.SocketId == renewed).SelectMany(r => r.Instruments).Should().OnlyHaveUniqueItems().And.HaveCount(expected.Count);
        simulator.ConnectionAttemptCount.Should().Be(2);
        simulator.Violations.Should().BeEmpty();
    }

    private static Task<EngineHarness> StartOnFakeTimeAsync(FeedSimulator simulator, FakeTimeProvider time, Dictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, string?>
        {
            // Flushes wait on the engine's clock: send as soon as the sender loop wakes.
            ["Relay:Subscriptions:CoalesceWindow"] = "00:00:00",
            ["Relay:Feed:CredentialsRejectedBackoff"] = "00:10:00",
            ["Relay:Feed:EvictedBackoff"] = "00:05:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            merged[key] = value;
        }

        return EngineHarness.StartDhanAsync(simulator, merged, services => services.AddSingleton<TimeProvider>(time), cancellationToken: cancellationToken);
    }

    private static Dictionary<InstrumentKey, FeedMode> SubscribeWanted(EngineHarness engine)
    {
        engine.Feed.Subscribe("client", Wanted, FeedMode.Quote).Should().OnlyContain(o => o.Accepted);
        return FeedEngineSubscriptionTests.Modes(FeedMode.Quote, Wanted);
    }
}
