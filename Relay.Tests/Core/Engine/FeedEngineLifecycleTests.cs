using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Core.Engine;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Core.Upstream;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Engine;

/// <summary>Registration, shutdown and secrecy of a whole engine run.</summary>
internal sealed class FeedEngineLifecycleTests
{
    private static readonly InstrumentKey[] Wanted = [.. EngineHarness.Equities(130), EngineHarness.Equity(1333)];

    [Test]
    [CancelAfter(30_000)]
    public async Task AddRelayCore_SimulatorMode_HostedServicesInStartOrderAndOneEngine(CancellationToken cancellationToken)
    {
        await using var engine = await EngineHarness.StartEmbeddedAsync(new Dictionary<string, string?> { ["Relay:Feed:MaxConnections"] = "3" }, cancellationToken: cancellationToken);

        engine.Services.GetServices<IHostedService>().Select(s => s.GetType().Name)
            .Should().Equal("EmbeddedSimulator", "UpstreamSynchronizer", "UpstreamPool");
        engine.Feed.Should().BeOfType<FeedEngine>().And.BeSameAs(engine.Services.GetRequiredService<IMarketFeed>());
        engine.Set.MaxSockets.Should().Be(3);
        engine.Pool.SocketCount.Should().Be(3);
        engine.Feed.Status.Source.Should().Be("Simulator");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Stop_Connected_SendsDisconnectRequestOnEverySocketAndLogsNoError(CancellationToken cancellationToken)
    {
        var engine = await EngineHarness.StartEmbeddedAsync(new Dictionary<string, string?> { ["Relay:Feed:MaxConnections"] = "2" }, cancellationToken: cancellationToken);
        var simulator = engine.Simulator;
        try
        {
            engine.Feed.Subscribe("client", Wanted, FeedMode.Full);
            await engine.WaitForUpstreamSetAsync(FeedEngineSubscriptionTests.Modes(FeedMode.Full, Wanted), cancellationToken);
            await engine.WaitForStateAsync(FeedState.Connected, cancellationToken);
            var sockets = simulator.OpenSocketIds;
            sockets.Should().HaveCount(2);

            await engine.StopAsync(cancellationToken);

            simulator.Requests.Where(r => r.Code == FeedRequestCode.Disconnect).Select(r => r.SocketId).Should().BeEquivalentTo(sockets);
            simulator.Sockets.Where(s => sockets.Contains(s.Id)).Should().OnlyContain(s => s.CloseReason == "disconnect requested (12)");
            engine.Feed.Status.State.Should().Be(FeedState.Stopped);
            simulator.IsRunning.Should().BeFalse("the embedded simulator stops after the sockets said goodbye");
            engine.EntriesAtOrAbove(LogLevel.Warning).Should().BeEmpty();
        }
        finally
        {
            await engine.DisposeAsync();
        }

        engine.EntriesAtOrAbove(LogLevel.Warning).Should().BeEmpty("disposing after stopping is quiet too");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Stop_DuringCredentialsBackOff_StopsPromptlyAndLogsNoException(CancellationToken cancellationToken)
    {
        var options = EngineHarness.ExternalSimulatorOptions();
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        simulator.SetForcedAuthFailure((ushort)DisconnectReason.DataApiNotSubscribed);
        var engine = await EngineHarness.StartDhanAsync(simulator, cancellationToken: cancellationToken);
        engine.Feed.Subscribe("client", Wanted, FeedMode.Quote);
        await engine.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
        engine.Feed.Status.Reason.Should().Contain("806");

        await engine.StopAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        await engine.DisposeAsync();

        engine.Feed.Status.State.Should().Be(FeedState.Stopped);
        engine.Logs.Entries.Should().NotContain(e => e.Exception != null || e.Level >= LogLevel.Critical);
        simulator.ConnectionAttemptCount.Should().Be(1);
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Run_ConnectFaultsRejectionsAndStop_NeitherTokenNorClientIdIsEverLogged(CancellationToken cancellationToken)
    {
        var logs = new EngineLogCapture();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var options = EngineHarness.ExternalSimulatorOptions();
        await using var simulator = new FeedSimulator(options, null, loggerFactory.CreateLogger<FeedSimulator>());
        await simulator.StartAsync(cancellationToken);
        var engine = await EngineHarness.StartDhanAsync(simulator, logs: logs, cancellationToken: cancellationToken);
        try
        {
            engine.Feed.Subscribe("client", Wanted, FeedMode.Full);
            var expected = FeedEngineSubscriptionTests.Modes(FeedMode.Full, Wanted);
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);

            // Faults that log exception chains and close reasons.
            simulator.DropConnections();
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
            await simulator.CloseConnectionsAsync(WebSocketCloseStatus.PolicyViolation, "bye", cancellationToken: cancellationToken);
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
            await simulator.SendGarbageAsync(100, cancellationToken: cancellationToken);

            // Rejections: HTTP 401, then a wrong token (809), then the right credentials again.
            simulator.RejectHandshakes(401);
            simulator.DropConnections();
            await engine.WaitForStateAsync(FeedState.CredentialsRejected, cancellationToken);
            simulator.AcceptHandshakes();
            engine.Credentials.Set(new FeedCredentials(options.ClientId, options.AccessToken + "-wrong"));
            await engine.WaitUntilAsync(() => engine.Feed.Status.Reason?.Contains("809", StringComparison.Ordinal) == true, cancellationToken);
            engine.Credentials.Set(new FeedCredentials(options.ClientId, options.AccessToken));
            await engine.WaitForUpstreamSetAsync(expected, cancellationToken);
            await engine.StopAsync(cancellationToken);
        }
        finally
        {
            await engine.DisposeAsync();
        }

        var everything = logs.Entries.Select(e => e.ToString()).ToList();
        everything.Should().HaveCountGreaterThan(20, "the run logged connects, faults and rejections");
        foreach (var secret in new[] { options.AccessToken, options.ClientId, Uri.EscapeDataString(options.AccessToken), "token=" })
        {
            everything.Should().NotContain(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase), "\"{0}\" must never be logged", secret);
        }

        engine.Feed.Status.State.Should().Be(FeedState.Stopped);
    }
}
