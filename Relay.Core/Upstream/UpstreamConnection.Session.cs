using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using Relay.Core.Protocol;

namespace Relay.Core.Upstream;

/// <summary>One connection attempt: handshake, session, receive loop, polite close.</summary>
internal sealed partial class UpstreamConnection
{
    private const int InitialBufferSize = 16 * 1024;

    // DhanHQ frames hold one to a few packets of at most 162 bytes; anything this large is garbage.
    private const int MaxMessageSize = 1024 * 1024;

    private static readonly byte[] DisconnectRequest = RequestEncoder.EncodeDisconnect();

    /// <summary>The handshake URL: the base URL plus <c>?version=2&amp;token=..&amp;clientId=..&amp;authType=2</c>, values URL-escaped. Never log it.</summary>
    internal static Uri BuildUri(Uri baseUrl, FeedCredentials credentials) => new UriBuilder(baseUrl)
    {
        Query = "version=2&token=" + Uri.EscapeDataString(credentials.AccessToken)
            + "&clientId=" + Uri.EscapeDataString(credentials.ClientId)
            + "&authType=2",
    }.Uri;

    private async ValueTask<SessionOutcome> RunSessionAsync(FeedCredentials credentials, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _connectionAttempts);
        _counters.AddConnectionAttempt();
        var baseUrl = _endpoint.BaseUrl;
        var endpoint = UpstreamRedaction.Endpoint(baseUrl);
        Log.Connecting(_logger, Index, endpoint, attempt);
        var activity = new InboundActivity(_timeProvider);
        using var invoker = CreateInvoker(activity);
        using var socket = CreateSocket();
        var failure = await ConnectAsync(socket, invoker, baseUrl, credentials, cancellationToken);
        if (failure is not null)
        {
            Log.ConnectFailed(_logger, Index, endpoint, failure.Detail ?? failure.Reason);
            return failure;
        }

        return await RunConnectedAsync(socket, activity, endpoint, credentials, cancellationToken);
    }

    private ClientWebSocket CreateSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        // The runtime pings every interval and aborts when a pong is later than the timeout (see FeedOptions).
        socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = _options.KeepAliveTimeout;
        return socket;
    }

    private HttpMessageInvoker CreateInvoker(InboundActivity activity)
    {
        var handler = new SocketsHttpHandler
        {
            // Our own TCP connect, so every inbound byte (DhanHQ's pings included) reaches the watchdog.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new InboundActivityStream(new NetworkStream(socket, ownsSocket: true), activity);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private async ValueTask<SessionOutcome?> ConnectAsync(ClientWebSocket socket, HttpMessageInvoker invoker, Uri baseUrl, FeedCredentials credentials, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(BuildUri(baseUrl, credentials), invoker, linked.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested)
            {
                return new SessionOutcome(SessionEndKind.ConnectFailed, "connect timed out after " + _options.ConnectTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s");
            }

            var status = (int)socket.HttpStatusCode;
            return status == 0
                ? new SessionOutcome(SessionEndKind.ConnectFailed, "could not connect (" + UpstreamRedaction.Innermost(ex, credentials) + ")", UpstreamRedaction.Describe(ex, credentials))
                : UpstreamFaults.ForHandshakeStatus(status);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stopping or new credentials while connecting; never surface a socket exception (it may name the URL).
            throw new OperationCanceledException("The connect was cancelled.", null, cancellationToken);
        }
    }

    private async ValueTask<SessionOutcome> RunConnectedAsync(ClientWebSocket socket, InboundActivity activity, string endpoint, FeedCredentials credentials, CancellationToken cancellationToken)
    {
        var connectedTimestamp = _timeProvider.GetTimestamp();
        var packetsBefore = Volatile.Read(ref _packets);
        using var session = new UpstreamSession(socket, activity, _options.StaleAfter, _timeProvider, _timeProvider.GetUtcNow(), OnStale);
        if (_everConnected)
        {
            Interlocked.Increment(ref _reconnects);
            _counters.AddReconnect();
        }

        _everConnected = true;
        Volatile.Write(ref _session, session);
        SetState(Contracts.FeedState.Connected, null);
        Log.Connected(_logger, Index, endpoint);
        session.StartWatchdog();

        // The receive loop runs first and always, so pongs go out while the listener replays subscriptions.
        var receive = ReceiveLoopAsync(session, credentials);
        var listener = SessionListener;
        var replay = ReplayAsync(listener, session);
        SessionOutcome outcome;
        try
        {
            outcome = await receive.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseGracefullyAsync(session, receive);
            throw;
        }
        finally
        {
            Interlocked.CompareExchange(ref _session, null, session);
            session.Abort();
            await replay;
            await receive;
            try
            {
                listener.OnSessionEnded(Index);
            }
            catch (Exception ex)
            {
                Log.SessionListenerFailed(_logger, Index, ex);
            }
        }

        return Classify(outcome, _timeProvider.GetElapsedTime(connectedTimestamp), Volatile.Read(ref _packets) > packetsBefore);
    }

    private async Task ReplayAsync(IUpstreamSessionListener listener, UpstreamSession session)
    {
        try
        {
            await listener.OnSessionStartedAsync(Index, session.Token);
        }
        catch (OperationCanceledException) when (session.Token.IsCancellationRequested)
        {
            // The session ended during the replay.
        }
        catch (Exception ex)
        {
            // Without the replay the socket would carry nothing: start a fresh session instead.
            Log.SessionListenerFailed(_logger, Index, ex);
            session.Abort(new SessionOutcome(SessionEndKind.Dropped, "the subscription replay failed"));
        }
    }

    private async Task<SessionOutcome> ReceiveLoopAsync(UpstreamSession session, FeedCredentials credentials)
    {
        var socket = session.Socket;
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var handler = new MarketPacketHandler(_store, _sink);
        var filled = 0;
        var oversized = false;
        var warnedMalformed = false;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageSize)
                    {
                        // Keep reading (pongs must go out) but drop this message.
                        oversized = true;
                        filled = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), session.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return await OnServerCloseAsync(session);
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var receivedTimestamp = _timeProvider.GetTimestamp();
                var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
                Volatile.Write(ref _lastFrameAtUnixMs, now);
                var length = filled;
                filled = 0;
                if (oversized)
                {
                    oversized = false;
                    Interlocked.Increment(ref _malformed);
                    _counters.AddMalformed();
                    Log.OversizedMessage(_logger, Index, MaxMessageSize);
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // DhanHQ documents no text frames: count and ignore.
                    Interlocked.Increment(ref _textFrames);
                    _counters.AddTextFrame();
                    Log.TextFrameIgnored(_logger, Index, length);
                    continue;
                }

                handler.BeginFrame(now);
                try
                {
                    PacketDecoder.Decode(buffer.AsSpan(0, length), ref handler);
                }
                catch (Exception ex)
                {
                    // The sink broke its contract (never throw); keep the feed alive, lose the rest of this frame.
                    Log.SinkFailed(_logger, Index, ex);
                }

                if (handler.Counts.Packets > 0)
                {
                    _counters.RecordApply(_timeProvider.GetElapsedTime(receivedTimestamp));
                }

                CountFrame(in handler.Counts, now);
                if (handler.Counts.Malformed > 0 && !warnedMalformed)
                {
                    warnedMalformed = true;
                    Log.MalformedPackets(_logger, Index, handler.Counts.Malformed, handler.FirstMalformed);
                }

                if (handler.DisconnectReason >= 0)
                {
                    var code = (ushort)handler.DisconnectReason;
                    Log.DisconnectPacket(_logger, Index, code, DisconnectReasons.Describe(code));
                    return UpstreamFaults.ForDisconnect(code);
                }
            }
        }
        catch (Exception ex)
        {
            if (session.AbortOutcome is { } aborted)
            {
                return aborted;
            }

            return IsKeepAliveTimeout(ex)
                ? UpstreamFaults.ForStale(_options.StaleAfter)
                : new SessionOutcome(SessionEndKind.Dropped, "connection lost (" + UpstreamRedaction.Innermost(ex, credentials) + ")", UpstreamRedaction.Describe(ex, credentials));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CountFrame(in PacketCounts counts, long now)
    {
        var packets = counts.Packets;
        if (packets > 0)
        {
            Interlocked.Add(ref _packets, packets);
        }

        if (counts.Malformed > 0)
        {
            Interlocked.Add(ref _malformed, counts.Malformed);
        }

        _counters.AddFrame(counts, now);
    }

    private async Task<SessionOutcome> OnServerCloseAsync(UpstreamSession session)
    {
        var socket = session.Socket;
        var status = socket.CloseStatus;
        var description = socket.CloseStatusDescription;
        if (socket.State == WebSocketState.CloseReceived)
        {
            // Complete the closing handshake so the peer sees a clean close; bounded, never fatal.
            using var timeout = new CancellationTokenSource(_options.CloseTimeout, TimeProvider.System);
            try
            {
                await session.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                Log.CloseIncomplete(_logger, Index, ex.GetType().Name);
            }
        }

        var code = status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no status";
        var reason = string.IsNullOrEmpty(description) ? code : code + " " + description;
        return new SessionOutcome(SessionEndKind.Dropped, "the feed closed the connection (" + reason + ")");
    }

    private async Task CloseGracefullyAsync(UpstreamSession session, Task<SessionOutcome> receive)
    {
        Log.Closing(_logger, Index);

        // Bounded in real time on purpose: shutdown must finish even under a test's frozen clock, and this
        // bound decides nothing a user can observe.
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, TimeProvider.System);
        try
        {
            if (await session.TrySendAsync(DisconnectRequest, WebSocketMessageType.Text, timeout.Token))
            {
                await session.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Relay is disconnecting", timeout.Token);
                await receive.WaitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Log.CloseIncomplete(_logger, Index, ex.GetType().Name);
        }
    }

    // A session that delivered market data was authenticated: losing it quickly is the network (a flap, a rolling
    // restart), not the credentials, however short it was.
    private SessionOutcome Classify(SessionOutcome outcome, TimeSpan lasted, bool receivedData)
    {
        Log.SessionEnded(_logger, Index, lasted, outcome.Detail is null ? outcome.Reason : outcome.Reason + ": " + outcome.Detail);
        if (outcome.Kind == SessionEndKind.Dropped && lasted < _options.ImmediateDropWindow && !receivedData)
        {
            if (++_immediateDrops >= _options.ImmediateDropLimit)
            {
                var count = _immediateDrops;
                _immediateDrops = 0;
                return UpstreamFaults.ForImmediateDrops(count);
            }
        }
        else
        {
            _immediateDrops = 0;
        }

        return lasted >= _options.MaxDelay ? outcome with { ResetsBackoff = true } : outcome;
    }

    private void OnStale(UpstreamSession session)
    {
        var stale = UpstreamFaults.ForStale(_options.StaleAfter);
        Log.Stale(_logger, Index, _options.StaleAfter);
        SetState(Contracts.FeedState.Stale, stale.Reason);
    }

    /// <summary>Whether <paramref name="exception"/> is the runtime's keep-alive abort (no pong within <c>KeepAliveTimeout</c>).</summary>
    /// <remarks>
    /// .NET 10 surfaces it from the pending receive as <c>OperationCanceledException("Aborted")</c> wrapping an
    /// <see cref="AggregateException"/> whose first inner exception is a <see cref="WebSocketException"/>
    /// saying no Pong frame arrived in time. Only the reason text depends on this: the watchdog reaches the
    /// same verdict at the same moment.
    /// </remarks>
    internal static bool IsKeepAliveTimeout(Exception exception) => exception switch
    {
        WebSocketException e when e.Message.Contains("Pong", StringComparison.OrdinalIgnoreCase) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsKeepAliveTimeout),
        { InnerException: { } inner } => IsKeepAliveTimeout(inner),
        _ => false,
    };
}
