using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Simulator;

internal sealed class FeedSimulatorLimitsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    [CancelAfter(10_000)]
    public async Task Subscribe_MoreThan100InOneRequest_RecordsViolationAndDisconnectsWith804(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SendTextAsync(SimulatorClient.RequestJson(FeedRequestCode.SubscribeTicker, Keys(101)), cancellationToken);
        await client.WaitForEndAsync(Wait);

        client.DisconnectReasons.Should().Equal((ushort)DisconnectReason.InstrumentLimitExceeded);
        client.CloseFrameReceived.Should().BeTrue();
        client.Packets.Should().ContainSingle("nothing of the over-limit request is applied");
        simulator.Violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Type = SimulatorViolationType.TooManyInstrumentsInRequest,
            SocketId = 1,
        });
        simulator.Violations[0].Details.Should().Contain("101");
        simulator.Requests.Should().ContainSingle().Which.Instruments.Should().HaveCount(101);
    }

    [TestCase(4)]
    [TestCase(2)]
    [CancelAfter(10_000)]
    public async Task Subscribe_InstrumentCountNotEqualToList_RecordsViolationAndDisconnectsWith814(int declared, CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SendTextAsync(SimulatorClient.RequestJson(FeedRequestCode.SubscribeQuote, Keys(3), declared), cancellationToken);
        await client.WaitForEndAsync(Wait);

        client.DisconnectReasons.Should().Equal((ushort)DisconnectReason.InvalidRequest);
        simulator.Violations.Should().ContainSingle().Which.Type.Should().Be(SimulatorViolationType.InstrumentCountMismatch);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Subscribe_OverLimitWithDisconnectOff_RecordsViolationIgnoresRequestAndKeepsSocket(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast();
        options.DisconnectOnLimitViolation = false;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SendTextAsync(SimulatorClient.RequestJson(FeedRequestCode.SubscribeTicker, Keys(101)), cancellationToken);
        await client.SendTextAsync(SimulatorClient.RequestJson(FeedRequestCode.SubscribeTicker, Keys(2), declaredCount: 1), cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, Keys(1), cancellationToken);
        await simulator.WaitUntilAsync(s => s.Requests.Count == 3, Wait, cancellationToken);

        simulator.Violations.Select(v => v.Type).Should().Equal(SimulatorViolationType.TooManyInstrumentsInRequest, SimulatorViolationType.InstrumentCountMismatch);
        simulator.GetSubscriptions(1).Keys.Should().Equal(Keys(1));
        await client.WaitForPacketAsync(p => p.Code == FeedResponseCode.Ticker, Wait);
        client.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Subscribe_MoreThan5000DistinctOnASocket_RecordsViolationAndDisconnectsWith804(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(ticksPerSecond: 0.01), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        var keys = Keys(5_001);

        // The same instruments again in another mode do not count twice.
        await client.SubscribeAsync(FeedMode.Ticker, keys[..5_000], cancellationToken);
        await client.SubscribeAsync(FeedMode.Quote, keys[..100], cancellationToken);
        await simulator.WaitUntilAsync(s => s.Requests.Count == 51, TimeSpan.FromSeconds(10), cancellationToken);
        simulator.Violations.Should().BeEmpty();
        simulator.GetSubscriptions(1).Should().HaveCount(5_000);

        await client.SubscribeAsync(FeedMode.Ticker, keys[4_999..], cancellationToken);
        await client.WaitForEndAsync(TimeSpan.FromSeconds(10));

        simulator.Violations.Should().ContainSingle().Which.Type.Should().Be(SimulatorViolationType.TooManyInstrumentsOnSocket);
        simulator.Violations[0].Details.Should().Contain("5001");
        client.DisconnectReasons.Should().Equal((ushort)DisconnectReason.InstrumentLimitExceeded);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Connect_SixthSocket_OldestGets805AndIsClosedOthersStayOpen(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        var clients = new List<SimulatorClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                clients.Add(await SimulatorClient.ConnectAsync(simulator, cancellationToken));
                await simulator.WaitUntilAsync(s => s.OpenSocketCount == clients.Count, Wait, cancellationToken);
            }

            simulator.Violations.Should().BeEmpty("five sockets are allowed");
            clients.Add(await SimulatorClient.ConnectAsync(simulator, cancellationToken));
            await clients[0].WaitForEndAsync(Wait);
            await simulator.WaitUntilAsync(s => s.OpenSocketIds.SequenceEqual([2, 3, 4, 5, 6]), Wait, cancellationToken);

            clients[0].DisconnectReasons.Should().Equal((ushort)DisconnectReason.TooManyConnections);
            clients[0].CloseFrameReceived.Should().BeTrue();
            clients.Skip(1).Should().AllSatisfy(c => c.Socket.State.Should().Be(WebSocketState.Open));
            clients.Skip(1).Should().AllSatisfy(c => c.DisconnectReasons.Should().BeEmpty());
            simulator.Violations.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Type = SimulatorViolationType.TooManyConnections, SocketId = 6 });
            simulator.Sockets.Single(s => s.Id == 1).CloseReason.Should().Be("evicted (805)");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DisconnectRequest_Code12_ServerClosesTheSocket(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, Keys(1), cancellationToken);

        await client.SendDisconnectRequestAsync(cancellationToken);
        await client.WaitForEndAsync(Wait);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 0 && s.Sockets.All(i => i.ClosedAt is not null), Wait, cancellationToken);

        client.CloseFrameReceived.Should().BeTrue();
        client.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
        simulator.Sockets.Single().CloseReason.Should().Be("disconnect requested (12)");
        simulator.Requests.Select(r => r.Code).Should().Equal(FeedRequestCode.SubscribeTicker, FeedRequestCode.Disconnect);
        simulator.Violations.Should().BeEmpty();
    }

    [TestCase("not json")]
    [TestCase("{\"RequestCode\":19,\"InstrumentCount\":0,\"InstrumentList\":[]}")]
    [TestCase("{\"RequestCode\":15,\"InstrumentCount\":1,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_XX\",\"SecurityId\":\"1\"}]}")]
    [TestCase("{\"RequestCode\":15,\"InstrumentCount\":1,\"InstrumentList\":[{\"ExchangeSegment\":\"NSE_EQ\",\"SecurityId\":1333}]}")]
    [CancelAfter(10_000)]
    public async Task MalformedRequest_IsRecordedAndIgnored(string text, CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.SendTextAsync(text, cancellationToken);
        await client.SubscribeAsync(FeedMode.Ticker, Keys(1), cancellationToken);
        await client.WaitForPacketAsync(p => p.Code == FeedResponseCode.Ticker, Wait);

        simulator.Violations.Should().ContainSingle().Which.Type.Should().Be(SimulatorViolationType.MalformedRequest);
        simulator.Requests[0].Should().BeEquivalentTo(new { Code = (FeedRequestCode?)null, SocketId = 1 });
        simulator.Requests[0].Error.Should().NotBeNullOrEmpty();
        client.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BinaryFrameFromClient_IsRecordedAsMalformed(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await simulator.WaitUntilAsync(s => s.Violations.Count == 1, Wait, cancellationToken);

        simulator.Violations[0].Type.Should().Be(SimulatorViolationType.MalformedRequest);
        simulator.Violations[0].Details.Should().Contain("binary");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RequestLog_RecordsEveryRequestInOrderWithItsSocket(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        await using var first = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);
        await using var second = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 2, Wait, cancellationToken);

        await first.SubscribeAsync(FeedMode.Full, Keys(150), cancellationToken);
        await simulator.WaitUntilAsync(s => s.Requests.Count == 2, Wait, cancellationToken);
        await second.UnsubscribeAsync(FeedMode.Quote, Keys(3), cancellationToken);
        await simulator.WaitUntilAsync(s => s.Requests.Count == 3, Wait, cancellationToken);

        simulator.Requests.Select(r => (r.SocketId, r.Code, r.Instruments.Count, r.DeclaredCount)).Should().Equal(
            (1, FeedRequestCode.SubscribeFull, 100, 100),
            (1, FeedRequestCode.SubscribeFull, 50, 50),
            (2, FeedRequestCode.UnsubscribeQuote, 3, 3));
        simulator.Requests[1].Instruments.Should().Equal(Keys(150)[100..]);
        simulator.GetSubscriptions(1).Should().HaveCount(150);
        simulator.GetSubscriptions(2).Should().BeEmpty("unsubscribing what is not subscribed is a no-op");
        simulator.Violations.Should().BeEmpty();
    }

    private static InstrumentKey[] Keys(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new InstrumentKey(ExchangeSegment.NSE_EQ, (uint)(100_000 + i)))];
}
