using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Simulator;

internal sealed class FeedSimulatorFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly InstrumentKey HdfcBank = new(ExchangeSegment.NSE_EQ, 1333);

    [Test]
    [CancelAfter(10_000)]
    public async Task DropConnections_AbortsWithoutACloseFrame(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        simulator.DropConnections().Should().Be(1);
        await client.WaitForEndAsync(Wait);
        await simulator.WaitUntilAsync(s => s.Sockets.Single().ClosedAt is not null, Wait, cancellationToken);

        client.CloseFrameReceived.Should().BeFalse();
        client.ReceiveError.Should().BeOfType<WebSocketException>()
            .Which.WebSocketErrorCode.Should().Be(WebSocketError.ConnectionClosedPrematurely);
        simulator.Sockets.Single().CloseReason.Should().Be("dropped (fault)");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DropConnections_OneSocketId_LeavesTheOthersOpen(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var first = await StreamingClientAsync(simulator, cancellationToken);
        await using var second = await StreamingClientAsync(simulator, cancellationToken);

        simulator.DropConnections(socketId: 2).Should().Be(1);
        await second.WaitForEndAsync(Wait);
        await simulator.WaitUntilAsync(s => s.OpenSocketIds.SequenceEqual([1]), Wait, cancellationToken);

        var seen = first.Packets.Count;
        await first.WaitUntilAsync(c => c.Packets.Count >= seen + 5, Wait);
        first.Socket.State.Should().Be(WebSocketState.Open);
        simulator.DropConnections(socketId: 99).Should().Be(0);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CloseConnections_WithStatus_ClientSeesThatCloseStatus(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        var closed = await simulator.CloseConnectionsAsync(WebSocketCloseStatus.InternalServerError, "bye", cancellationToken: cancellationToken);
        await client.WaitForEndAsync(Wait);

        closed.Should().Be(1);
        client.CloseFrameReceived.Should().BeTrue();
        client.CloseStatus.Should().Be(WebSocketCloseStatus.InternalServerError);
        client.Socket.CloseStatusDescription.Should().Be("bye");
        client.DisconnectReasons.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SendDisconnect_AnyReason_SendsPacketThenCloses(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        (await simulator.SendDisconnectAsync(800, cancellationToken: cancellationToken)).Should().Be(1);
        await client.WaitForEndAsync(Wait);

        client.DisconnectReasons.Should().Equal(800);
        client.Packets[^1].Code.Should().Be(FeedResponseCode.Disconnect, "nothing follows the disconnect packet");
        client.CloseFrameReceived.Should().BeTrue();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SendDisconnect_WithoutClose_KeepsStreaming(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        await simulator.SendDisconnectAsync(1234, close: false, cancellationToken: cancellationToken);
        var disconnect = await client.WaitForPacketAsync(p => p.Code == FeedResponseCode.Disconnect, Wait);
        await client.WaitForPacketAsync(p => p.Frame > disconnect.Frame && p.Code == FeedResponseCode.Ticker, Wait);

        client.DisconnectReasons.Should().Equal(1234);
        client.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SendRawFrame_ArrivesByteForByte(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);

        // Test vector TV-1 of the protocol reference: ticker NSE_EQ:1333 at 1642.25.
        (await simulator.SendRawFrameAsync(Convert.FromHexString("02100001350500000048cd44b75c8368"), cancellationToken: cancellationToken)).Should().Be(1);
        var packet = await client.WaitForPacketAsync(_ => true, Wait);

        packet.Instrument.Should().Be(HdfcBank);
        packet.Ltp.Should().Be(1642.25f);
        packet.Ltt.Should().Be(1753439415u);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SendGarbage_ClientGetsAFrameOfThatLengthAndStreamingGoesOn(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        (await simulator.SendGarbageAsync(37, cancellationToken: cancellationToken)).Should().Be(1);
        await client.WaitUntilAsync(c => c.FrameSizes.Contains(37), Wait);
        var frames = client.FrameSizes.Count;
        await client.WaitUntilAsync(c => c.FrameSizes.Count >= frames + 5, Wait);

        client.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SendTruncatedPacket_ValidTickerThenAFullCutShort(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Quote, [HdfcBank], cancellationToken);
        await simulator.WaitUntilAsync(s => s.GetSubscriptions(1).Count == 1, Wait, cancellationToken);

        (await simulator.SendTruncatedPacketAsync(cancellationToken: cancellationToken)).Should().Be(1);
        await client.WaitUntilAsync(c => c.DecodeErrors.Count > 0, Wait);

        client.FrameSizes.Should().Contain(TickerPacket.Size + 100);
        client.DecodeErrors.Should().Equal(DecodeError.LengthBeyondFrame);
        client.Packets.Should().Contain(p => p.Code == FeedResponseCode.Ticker && p.Instrument == HdfcBank && p.PacketsInFrame == 1,
            "the valid packet before the cut one is still decoded");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GoSilent_StopsDataAndLeavesThePeersPingsUnanswered(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken,
            keepAliveInterval: TimeSpan.FromMilliseconds(100), keepAliveTimeout: TimeSpan.FromMilliseconds(400));
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count >= 3, Wait);

        simulator.GoSilent().Should().Be(1);
        var sentAtSilence = simulator.PacketsSent;
        await client.WaitForEndAsync(Wait);

        client.CloseFrameReceived.Should().BeFalse();
        client.ReceiveError.Should().NotBeNull("the client's own keep-alive gave up: its pings were not answered");
        simulator.PacketsSent.Should().BeLessThanOrEqualTo(sentAtSilence + 2, "at most a batch already built when the silence began");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Resume_AfterSilence_ReadsPendingRequestsAndStreamsAgain(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);
        simulator.GoSilent();

        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        simulator.Resume().Should().Be(1);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Ticker) >= 3, Wait);

        simulator.Requests.Should().ContainSingle();
        simulator.Resume().Should().Be(0, "no socket is silent any more");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task StopAsync_ClosesSocketsWith1001AndARestartListensOnTheSamePort(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        var port = simulator.Port;
        await using var client = await StreamingClientAsync(simulator, cancellationToken);

        await simulator.StopAsync(cancellationToken);
        await client.WaitForEndAsync(Wait);
        client.CloseStatus.Should().Be(WebSocketCloseStatus.EndpointUnavailable);
        simulator.IsRunning.Should().BeFalse();

        await simulator.StartAsync(cancellationToken);
        simulator.Port.Should().Be(port);
        await using var again = await StreamingClientAsync(simulator, cancellationToken);
        simulator.OpenSocketIds.Should().Equal(2);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task WaitUntilAsync_ConditionNeverTrue_ThrowsTimeoutException(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);

        var wait = () => simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, TimeSpan.FromMilliseconds(100), cancellationToken);

        await wait.Should().ThrowAsync<TimeoutException>();
    }

    private static async Task<SimulatorClient> StreamingClientAsync(FeedSimulator simulator, CancellationToken cancellationToken)
    {
        var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, [HdfcBank], cancellationToken);
        await client.WaitUntilAsync(c => c.Packets.Count(p => p.Code == FeedResponseCode.Ticker) >= 2, Wait);
        return client;
    }
}
