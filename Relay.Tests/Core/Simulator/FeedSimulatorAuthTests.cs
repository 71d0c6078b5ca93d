using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Protocol;
using Relay.Core.Simulator;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Simulator;

internal sealed class FeedSimulatorAuthTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_ValidCredentials_OpensSocketAndRecordsAcceptedAttempt(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);

        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);

        client.Socket.State.Should().Be(WebSocketState.Open);
        simulator.OpenSocketIds.Should().Equal(1);
        simulator.ConnectionAttemptCount.Should().Be(1);
        simulator.ConnectionAttempts.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Number = 1, Outcome = SimulatorConnectionOutcome.Accepted, SocketId = (int?)1, HttpStatus = 101 });
        simulator.Url.Should().Be(new Uri($"ws://127.0.0.1:{simulator.Port}/"));
    }

    [TestCase("wrong-token", null, (ushort)809)]
    [TestCase(null, "WRONG", (ushort)808)]
    [TestCase("old-token", null, (ushort)807)]
    [CancelAfter(10_000)]
    public async Task Connect_RejectedCredentials_SendsDisconnectPacketThenCloseFrame(string? token, string? clientId, ushort reason, CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast();
        options.ExpiredAccessToken = "old-token";
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);

        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken, clientId: clientId, accessToken: token);
        await client.WaitForEndAsync(Wait);

        client.DisconnectReasons.Should().Equal(reason);
        client.Packets.Should().ContainSingle("nothing but the disconnect packet is sent");
        client.CloseFrameReceived.Should().BeTrue();
        simulator.OpenSocketCount.Should().Be(0);
        simulator.Sockets.Should().BeEmpty("a rejected connection never becomes a socket");
        simulator.ConnectionAttempts.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Outcome = SimulatorConnectionOutcome.AuthRejected, DisconnectReason = (ushort?)reason });
    }

    [TestCase("?version=1&token=simulator-token&clientId=SIMULATOR&authType=2")]
    [TestCase("?version=2&token=simulator-token&clientId=SIMULATOR&authType=1")]
    [TestCase("?version=2&clientId=SIMULATOR&authType=2")]
    [TestCase("?version=2&token=simulator-token&authType=2")]
    [TestCase("")]
    [CancelAfter(10_000)]
    public async Task Connect_MissingOrInvalidQuery_IsUpgradedThenRejectedWith808(string query, CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);

        await using var client = await SimulatorClient.ConnectAsync(new Uri(simulator.Url + query), cancellationToken);
        await client.WaitForEndAsync(Wait);

        client.DisconnectReasons.Should().Equal((ushort)DisconnectReason.AuthenticationFailed);
        client.CloseFrameReceived.Should().BeTrue();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_ForcedAuthFailure_RejectsEvenValidCredentialsUntilCleared(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        simulator.SetForcedAuthFailure((ushort)DisconnectReason.DataApiNotSubscribed);

        await using (var rejected = await SimulatorClient.ConnectAsync(simulator, cancellationToken))
        {
            await rejected.WaitForEndAsync(Wait);
            rejected.DisconnectReasons.Should().Equal((ushort)DisconnectReason.DataApiNotSubscribed);
        }

        simulator.SetForcedAuthFailure(null);
        await using var accepted = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);
        accepted.DisconnectReasons.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_AfterSetCredentials_AcceptsOnlyTheNewToken(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        simulator.SetCredentials("SIMULATOR", "renewed-token", expiredAccessToken: "simulator-token");

        await using var old = await SimulatorClient.ConnectAsync(simulator, cancellationToken, accessToken: "simulator-token");
        await old.WaitForEndAsync(Wait);
        await using var renewed = await SimulatorClient.ConnectAsync(simulator, cancellationToken, accessToken: "renewed-token");
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);

        old.DisconnectReasons.Should().Equal((ushort)DisconnectReason.AccessTokenExpired);
        renewed.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_DropWithoutCloseMode_DropsTheConnectionWithoutAPacketOrCloseFrame(CancellationToken cancellationToken)
    {
        var options = SimulatorTestOptions.Fast();
        options.AuthFailureMode = SimulatorAuthFailureMode.DropWithoutClose;
        await using var simulator = await SimulatorTestOptions.StartAsync(options, cancellationToken);

        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken, accessToken: "wrong");
        await client.WaitForEndAsync(Wait);

        client.CloseFrameReceived.Should().BeFalse();
        client.Packets.Should().BeEmpty();
        client.ReceiveError.Should().BeOfType<WebSocketException>();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_WhileHandshakesRejected_FailsWithThatHttpStatusThenSucceedsAfterTheDuration(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 4, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken, time);
        simulator.RejectHandshakes(429, TimeSpan.FromMinutes(1));

        var connect = () => SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await connect.Should().ThrowAsync<WebSocketException>();

        time.Advance(TimeSpan.FromMinutes(2));
        await using var client = await SimulatorClient.ConnectAsync(simulator, cancellationToken);
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);
        simulator.ConnectionAttempts.Select(a => (a.Outcome, a.HttpStatus)).Should().Equal(
            (SimulatorConnectionOutcome.HttpRejected, 429), (SimulatorConnectionOutcome.Accepted, 101));
        simulator.ConnectionAttempts[0].At.Should().Be(new DateTimeOffset(2026, 7, 15, 4, 0, 0, TimeSpan.Zero));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Connect_RejectHandshakes_ClientSeesTheHttpStatusCode(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        simulator.RejectHandshakes(429);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        var connect = () => socket.ConnectAsync(simulator.GetConnectUrl(), cancellationToken);

        await connect.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [TestCase("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [TestCase("POST /?version=2 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 405)]
    [TestCase("GET /feed HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 404)]
    [TestCase("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 426)]
    [TestCase("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n", 400)]
    [CancelAfter(10_000)]
    public async Task Handshake_InvalidUpgradeRequest_GetsPlainHttpError(string request, int status, CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, simulator.Port, cancellationToken);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(cancellationToken);

        statusLine.Should().StartWith($"HTTP/1.1 {status} ");
        await simulator.WaitUntilAsync(s => s.ConnectionAttempts.Count == 1, Wait, cancellationToken);
        simulator.ConnectionAttempts[0].Should().BeEquivalentTo(new { Outcome = SimulatorConnectionOutcome.HttpRejected, HttpStatus = status });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Handshake_ValidUpgrade_AnswersWithTheRfc6455AcceptKey(CancellationToken cancellationToken)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(), cancellationToken);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, simulator.Port, cancellationToken);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /?version=2&token=simulator-token&clientId=SIMULATOR&authType=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            lines.Add(line);
        }

        lines[0].Should().Be("HTTP/1.1 101 Switching Protocols");
        lines.Should().Contain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        await simulator.WaitUntilAsync(s => s.OpenSocketCount == 1, Wait, cancellationToken);
    }
}
