using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>
/// One authenticated simulator socket: a receive loop that reads the client's JSON requests, and one timer-driven send
/// loop that streams packets for what is subscribed. All sends go through one send lock.
/// </summary>
internal sealed partial class SimulatorSession
{
    // Largest text frame accepted from a client; a 100-instrument request is about 7 KB.
    private const int MaxRequestBytes = 1 << 20;

    private readonly FeedSimulator _owner;
    private readonly TcpClient _client;
    private readonly PausableStream _stream;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<InstrumentKey, SessionSubscription> _subscriptions = [];
    private readonly PriorityQueue<(SessionSubscription Subscription, int Generation), long> _schedule = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random;
    private readonly List<int> _frameEnds = [];
    private byte[] _frames = new byte[8 * 1024];
    private int _frameLength;
    private int _packetsInFrame;
    private int _packetsBuilt;
    private volatile bool _silent;
    private int _closing;
    private string? _closeReason;
    private ITimer? _abortTimer;

    public SimulatorSession(FeedSimulator owner, int id, string clientId, TcpClient client, PausableStream stream, WebSocket socket, DateTimeOffset openedAt)
    {
        _owner = owner;
        Id = id;
        ClientId = clientId;
        _client = client;
        _stream = stream;
        _socket = socket;
        OpenedAt = openedAt;
        // Schedule jitter only; seeded per socket so a seeded run is reproducible (HashCode is not: it changes per process).
        _random = new Random(SimulatorInstrumentCatalog.Mix(~owner.Seed, new InstrumentKey(ExchangeSegment.IDX_I, (uint)id)));
    }

    /// <summary>The simulator's id of this socket.</summary>
    public int Id { get; }

    /// <summary>The client id the socket authenticated with (never logged).</summary>
    public string ClientId { get; }

    /// <summary>When the socket was authenticated.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>True once the socket is closing or closed: it streams nothing more and takes no requests.</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>True while the socket is silent (<see cref="GoSilent"/>).</summary>
    public bool IsSilent => _silent;

    private SimulatorOptions Options => _owner.Options;

    /// <summary>Runs the socket until it ends; then tells the owner why.</summary>
    public async Task RunAsync()
    {
        var sendLoop = SendLoopAsync(_stopping.Token);
        var reason = "connection lost";
        try
        {
            reason = await ReceiveLoopAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The WebSocket aborts itself when a pong is late: the pending receive then fails with "Aborted", the
            // keep-alive WebSocketException inside.
            reason = IsKeepAliveTimeout(ex) ? "keep-alive timeout" : ex is OperationCanceledException ? "aborted" : "connection lost";
            FeedSimulator.Log.SocketError(_owner.Logger, Id, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            reason = "connection lost";
            FeedSimulator.Log.SocketError(_owner.Logger, Id, ex.Message);
        }
        catch (Exception ex)
        {
            // A defect in the simulator: end this socket, keep the simulator running, and say so loudly.
            reason = "simulator error";
            FeedSimulator.Log.SocketFailed(_owner.Logger, Id, ex);
        }
        finally
        {
            Interlocked.CompareExchange(ref _closeReason, reason, null);
            Volatile.Write(ref _closing, 1);
            await _stopping.CancelAsync();
            await sendLoop;
            _abortTimer?.Dispose();
            _socket.Dispose();
            await _stream.DisposeAsync();
            _client.Dispose();
            _stopping.Dispose();
            _owner.OnSessionEnded(this, _closeReason!);
        }
    }

    /// <summary>The subscriptions of this socket: instrument → modes, lightest first.</summary>
    public Dictionary<InstrumentKey, FeedMode[]> SnapshotSubscriptions()
    {
        lock (_gate)
        {
            return _subscriptions.ToDictionary(pair => pair.Key, pair => pair.Value.ModeArray());
        }
    }

    /// <summary>ORs this socket's mode bits into <paramref name="modes"/>.</summary>
    public void MergeSubscriptionsInto(Dictionary<InstrumentKey, int> modes)
    {
        lock (_gate)
        {
            foreach (var (key, subscription) in _subscriptions)
            {
                modes[key] = modes.GetValueOrDefault(key) | subscription.Modes;
            }
        }
    }

    /// <summary>Stops sending data and reading (the peer's pings go unanswered); the socket stays open.</summary>
    public void GoSilent()
    {
        _silent = true;
        _stream.Pause();
    }

    /// <summary>Ends a silence: reading and streaming resume.</summary>
    public void Resume()
    {
        _silent = false;
        _stream.Resume();
    }

    /// <summary>Sends one binary frame as is. False when the socket is closing or the send failed.</summary>
    public async Task<bool> SendControlAsync(ReadOnlyMemory<byte> frame)
    {
        if (IsClosing)
        {
            return false;
        }

        try
        {
            await _sendLock.WaitAsync(_stopping.Token);
            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, _stopping.Token);
                return true;
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Sends a feed-disconnect packet with <paramref name="reasonCode"/>, then (optionally) closes.</summary>
    public async Task<bool> DisconnectAsync(ushort reasonCode, bool close, string reason)
    {
        var packet = new byte[DisconnectPacket.Size];
        new DisconnectPacket(reasonCode).Write(packet);
        if (!await SendControlAsync(packet))
        {
            return false;
        }

        if (close)
        {
            await CloseAsync(WebSocketCloseStatus.NormalClosure, null, reason);
        }

        return true;
    }

    /// <summary>
    /// Starts the close handshake: streaming stops, a close frame goes out, and the socket is aborted if the peer has
    /// not answered within <see cref="SimulatorOptions.CloseTimeout"/>. False when it was already closing.
    /// </summary>
    public async Task<bool> CloseAsync(WebSocketCloseStatus status, string? description, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _abortTimer = _owner.TimeProvider.CreateTimer(static state => ((SimulatorSession)state!).Abort("close handshake timed out"), this, Options.CloseTimeout, Timeout.InfiniteTimeSpan);
        _owner.NotifyChanged();
        try
        {
            if (await _sendLock.WaitAsync(Options.CloseTimeout, _stopping.Token))
            {
                try
                {
                    await _socket.CloseOutputAsync(status, description, _stopping.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            Abort(reason);
        }

        return true;
    }

    /// <summary>Drops the connection without a close frame (the TCP connection is closed under the WebSocket).</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        Volatile.Write(ref _closing, 1);
        _socket.Abort();
        _stream.Dispose();
        _client.Dispose();
    }

    /// <summary>A valid ticker packet followed by a Full packet cut after 100 of its 162 bytes, as one frame.</summary>
    public byte[] BuildTruncatedFrame()
    {
        SimulatedInstrumentState state;
        lock (_gate)
        {
            state = _subscriptions.Values.FirstOrDefault()?.State ?? _owner.Market.Get(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333));
        }

        state.Advance(_owner.CurrentLtt(), out var tick);
        var frame = new byte[TickerPacket.Size + FullPacket.Size];
        new TickerPacket(state.Key, tick.Ltp, tick.Ltt).Write(frame);
        WriteFull(frame.AsSpan(TickerPacket.Size), state.Key, in tick);
        return frame[..(TickerPacket.Size + 100)];
    }

    // .NET reports a late pong as a WebSocketException ("...Pong frame ... KeepAliveTimeout"), possibly wrapped in an
    // OperationCanceledException and an AggregateException; there is no dedicated error code to test.
    private static bool IsKeepAliveTimeout(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebSocketException && (ex.Message.Contains("Pong", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("KeepAlive", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsKeepAliveTimeout))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteFull(Span<byte> destination, InstrumentKey key, in SimulatedTick t) =>
        new FullPacket(key, t.Ltp, t.Ltq, t.Ltt, t.Atp, t.Volume, t.TotalSellQuantity, t.TotalBuyQuantity, t.OpenInterest, t.OiDayHigh,
            t.OiDayLow, t.Open, t.Close, t.High, t.Low, t.Depth).Write(destination);

    private async Task<string> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= MaxRequestBytes)
                    {
                        _owner.RecordViolation(SimulatorViolationType.MalformedRequest, Id, $"text message longer than {MaxRequestBytes} bytes");
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, null, "message too big");
                        count = 0;
                        continue;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        // The peer started the close: answer it.
                        Interlocked.CompareExchange(ref _closeReason, "client closed", null);
                        Volatile.Write(ref _closing, 1);
                        await AnswerCloseAsync();
                    }

                    return _closeReason ?? "client closed";
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    _owner.RecordViolation(SimulatorViolationType.MalformedRequest, Id, $"binary frame of {count} bytes from the client (requests are JSON text)");
                }
                else if (!IsClosing)
                {
                    await HandleRequestAsync(buffer.AsMemory(0, count));
                }

                count = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            if (await _sendLock.WaitAsync(Options.CloseTimeout))
            {
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // The peer is gone already; nothing to answer.
        }
    }
}
