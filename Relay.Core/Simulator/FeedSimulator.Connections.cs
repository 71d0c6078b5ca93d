using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>Accepting connections: the HTTP upgrade, the query-string credentials, and the per-client socket limit.</summary>
public sealed partial class FeedSimulator
{
    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        // Yield first: StartAsync returns before the first accept.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                Log.AcceptFailed(Logger, ex.Message);
                continue;
            }

            var attempt = Interlocked.Increment(ref _attemptCount);
            NotifyChanged();
            Track(HandleConnectionAsync(client, attempt, TimeProvider.GetUtcNow(), cancellationToken));
        }
    }

    private async Task HandleConnectionAsync(TcpClient client, int attempt, DateTimeOffset acceptedAt, CancellationToken stopping)
    {
        // Let the accept loop go on at once.
        await Task.Yield();
        var handedOver = false;
        try
        {
            client.NoDelay = true;
            var network = client.GetStream();
            HandshakeRequest? request;
            using (var timeout = new CancellationTokenSource(Options.HandshakeTimeout, TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping))
            {
                byte[]? head;
                try
                {
                    head = await WebSocketHandshake.ReadRequestHeadAsync(network, linked.Token);
                }
                catch (InvalidDataException ex)
                {
                    await RejectHttpAsync(network, attempt, acceptedAt, 400, ex.Message, stopping);
                    return;
                }

                if (head is null)
                {
                    RecordAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.Abandoned, null, 0, null);
                    return;
                }

                request = WebSocketHandshake.Parse(head);
            }

            if (request is null)
            {
                await RejectHttpAsync(network, attempt, acceptedAt, 400, "malformed request head", stopping);
                return;
            }

            var forcedStatus = ForcedHttpStatus();
            if (forcedStatus != 0)
            {
                await RejectHttpAsync(network, attempt, acceptedAt, forcedStatus, "handshakes rejected on purpose", stopping);
                return;
            }

            var status = WebSocketHandshake.Validate(request, out var problem);
            if (status != 0)
            {
                await RejectHttpAsync(network, attempt, acceptedAt, status, problem!, stopping);
                return;
            }

            await WebSocketHandshake.WriteSwitchingProtocolsAsync(network, request.Header("Sec-WebSocket-Key")!, stopping);
            var stream = new PausableStream(network);
            var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = true,
                KeepAliveInterval = Options.PingInterval,
                KeepAliveTimeout = Options.PongTimeout,
            });

            var verdict = Authenticate(request, out var clientId);
            if (verdict is { } reason)
            {
                RecordAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.AuthRejected, null, 101, reason);
                Log.AuthRejected(Logger, reason);
                await RejectCredentialsAsync(socket, reason, stopping);
                return;
            }

            var session = Register(attempt, acceptedAt, clientId, client, stream, socket);
            if (session is null)
            {
                // Stopped while this connection was being upgraded.
                socket.Abort();
                RecordAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.Abandoned, null, 101, null);
                return;
            }

            handedOver = true;
            await session.RunAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or WebSocketException)
        {
            if (!handedOver)
            {
                RecordAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.Abandoned, null, 0, null);
            }
        }
        finally
        {
            if (!handedOver)
            {
                client.Dispose();
            }
        }
    }

    private SimulatorSession? Register(int attempt, DateTimeOffset acceptedAt, string clientId, TcpClient client, PausableStream stream, WebSocket socket)
    {
        SimulatorSession session;
        SimulatorSession? evicted = null;
        lock (_stateLock)
        {
            // StopAsync clears the listener under this lock and closes the sessions it sees then: none may be added after.
            if (_listener is null)
            {
                return null;
            }

            var id = ++_nextSocketId;
            var now = TimeProvider.GetUtcNow();
            session = new SimulatorSession(this, id, clientId, client, stream, socket, now);
            _sessions.Add(id, session);
            _socketInfos[id] = new SimulatorSocketInfo(id, now, null, null);
            while (_socketInfos.Count > Options.MaxLogEntries && _socketInfos.First() is { Value.ClosedAt: not null } oldest)
            {
                _socketInfos.Remove(oldest.Key);
            }

            _attempts.Add(new SimulatorConnectionAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.Accepted, id, 101, null));
            var open = _sessions.Values.Where(s => !s.IsClosing && s.ClientId == clientId).OrderBy(s => s.Id).ToList();
            if (open.Count > Options.MaxConnectionsPerClient)
            {
                evicted = open[0];
            }
        }

        Log.SocketOpened(Logger, session.Id, OpenSocketCount);
        if (evicted is not null)
        {
            // DhanHQ: a sixth connection makes the server drop the oldest socket with 805.
            RecordViolation(SimulatorViolationType.TooManyConnections, session.Id,
                $"socket {session.Id} is connection {Options.MaxConnectionsPerClient + 1} for the client id; oldest socket {evicted.Id} dropped with 805");
            Log.Evicted(Logger, evicted.Id, session.Id);
            Track(evicted.DisconnectAsync((ushort)DisconnectReason.TooManyConnections, close: true, "evicted (805)"));
        }

        NotifyChanged();
        return session;
    }

    private ushort? Authenticate(HandshakeRequest request, out string clientId)
    {
        clientId = request.QueryValue("clientId") ?? string.Empty;
        var token = request.QueryValue("token") ?? string.Empty;
        string expectedClientId;
        string expectedToken;
        string? expiredToken;
        ushort? forced;
        lock (_stateLock)
        {
            (expectedClientId, expectedToken, expiredToken, forced) = (_clientId, _accessToken, _expiredAccessToken, _forcedAuthFailure);
        }

        if (forced is not null)
        {
            return forced;
        }

        if (request.QueryValue("version") != "2" || request.QueryValue("authType") != "2" || token.Length == 0 || clientId.Length == 0
            || !SecretEquals(clientId, expectedClientId))
        {
            return Options.WrongClientIdReason;
        }

        if (expiredToken is not null && SecretEquals(token, expiredToken))
        {
            return (ushort)DisconnectReason.AccessTokenExpired;
        }

        return SecretEquals(token, expectedToken) ? null : Options.WrongAccessTokenReason;
    }

    private static bool SecretEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private async Task RejectCredentialsAsync(WebSocket socket, ushort reason, CancellationToken stopping)
    {
        using (socket)
        {
            if (Options.AuthFailureMode == SimulatorAuthFailureMode.DropWithoutClose)
            {
                socket.Abort();
                return;
            }

            var packet = new byte[DisconnectPacket.Size];
            new DisconnectPacket(reason).Write(packet);
            using var timeout = new CancellationTokenSource(Options.CloseTimeout, TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
            try
            {
                await socket.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, linked.Token);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, linked.Token);

                // Wait (bounded) for the client's close frame so it sees a clean close after the packet.
                var sink = new byte[256];
                while ((await socket.ReceiveAsync(sink.AsMemory(), linked.Token)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
                socket.Abort();
            }
        }
    }

    private async Task RejectHttpAsync(Stream network, int attempt, DateTimeOffset acceptedAt, int status, string problem, CancellationToken stopping)
    {
        RecordAttempt(attempt, acceptedAt, SimulatorConnectionOutcome.HttpRejected, null, status, null);
        Log.HandshakeRejected(Logger, status, problem);
        try
        {
            await WebSocketHandshake.WriteErrorAsync(network, status, problem, stopping);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone; the attempt is recorded anyway.
        }
    }

    private int ForcedHttpStatus()
    {
        lock (_stateLock)
        {
            return _rejectStatus != 0 && TimeProvider.GetUtcNow() < _rejectUntil ? _rejectStatus : 0;
        }
    }

    private void RecordAttempt(int attempt, DateTimeOffset acceptedAt, SimulatorConnectionOutcome outcome, int? socketId, int httpStatus, ushort? reason)
    {
        lock (_stateLock)
        {
            _attempts.Add(new SimulatorConnectionAttempt(attempt, acceptedAt, outcome, socketId, httpStatus, reason));
        }

        NotifyChanged();
    }
}
