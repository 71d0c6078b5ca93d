using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Simulator;

internal sealed class FeedSimulatorKeepAliveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    [CancelAfter(10_000)]
    public async Task PeerThatStopsReading_IsClosedAfterThePongTimeout(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast();
        options.PingInterval = TimeSpan.FromMilliseconds(100);
        options.PongTimeout = TimeSpan.FromMilliseconds(300);
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);

        // Never reads, so its WebSocket never answers the simulator's pings.
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken, receive: false);
        await simulator.WaitUntilAsync(s => s.Sockets.Count == 1, Wait, cancellationToken);
        await simulator.WaitUntilAsync(s => s.Sockets.Single().ClosedAt is not null, Wait, cancellationToken);

        var socket = simulator.Sockets.Single();
        socket.CloseReason.Should().Be("keep-alive timeout");
        (socket.ClosedAt - socket.OpenedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        simulator.OpenSocketCount.Should().Be(0);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PeerThatReads_StaysOpenWellPastThePongTimeout(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast(ticksPerSecond: 20);
        options.PingInterval = TimeSpan.FromMilliseconds(100);
        options.PongTimeout = TimeSpan.FromMilliseconds(300);
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [new InstrumentKey(ExchangeSegment.NSE_EQ, 1333)], cancellationToken);
        var start = DateTimeOffset.UtcNow;

        await client.WaitForPacketAsync(p => p.Code == FeedResponseCode.Ticker && p.ReceivedAt > start + TimeSpan.FromSeconds(1.5), Wait);

        client.Socket.State.Should().Be(WebSocketState.Open);
        simulator.OpenSocketCount.Should().Be(1);
    }
}
