using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MessagePack;

namespace Relay.Bench.Load;

/// <summary>
/// A lightweight SignalR client over a raw <see cref="ClientWebSocket"/>: it connects straight to the hub's WebSocket
/// (no negotiate), does the handshake, calls <c>Subscribe(instruments, "Ticker")</c>, and decodes only what it needs from
/// each message. Async with no thread of its own, so one process holds thousands of them. It reconnects (and
/// resubscribes) when the socket ends, can stop reading for a while (a stuck consumer) and can be told to drop.
/// </summary>
internal sealed class LoadConnection
{
    private const int InitialBuffer = 8 * 1024;

    // Instruments per Subscribe call: under Relay's per-call limit (1000) and, as JSON, under the plain SignalR
    // baseline's 32 KB message limit (about 45 bytes per instrument).
    private const int InstrumentsPerCall = 500;

    private readonly Uri _hubUrl;
    private readonly HubProtocolKind _protocol;
    private readonly SendLedger _ledger;
    private readonly HttpMessageInvoker? _invoker;
    private readonly byte[][] _subscribes;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TimeProvider _time = TimeProvider.System;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private ClientWebSocket? _socket;
    private long _stallUntil;
    private int _completedCalls;
    private long _dropAt;
    private volatile bool _dropRequested;
    private bool _countedComplete;

    /// <summary>Creates a connection for client <paramref name="index"/>.</summary>
    public LoadConnection(int index, ConnectionGroup group, Uri hubUrl, HubProtocolKind protocol, SendLedger ledger, int[] instruments, long firstSecurityId, string segment, HttpMessageInvoker? invoker = null)
    {
        _invoker = invoker;
        ArgumentNullException.ThrowIfNull(instruments);
        Index = index;
        Group = group;
        _hubUrl = hubUrl;
        _protocol = protocol;
        _ledger = ledger;
        Tracker = new DeliveryTracker(ledger, instruments, firstSecurityId);
        var ids = instruments.Select(i => firstSecurityId + i).ToArray();
        _subscribes = ids.Chunk(InstrumentsPerCall)
            .Select((chunk, call) => protocol == HubProtocolKind.Json
                ? JsonHubCodec.Subscribe(chunk, segment, (call + 1).ToString(CultureInfo.InvariantCulture))
                : MessagePackHubCodec.Subscribe(chunk, segment, (call + 1).ToString(CultureInfo.InvariantCulture)))
            .ToArray();
    }

    /// <summary>The global client index.</summary>
    public int Index { get; }

    /// <summary>Which group the connection reports in.</summary>
    public ConnectionGroup Group { get; }

    /// <summary>The delivery accounting.</summary>
    public DeliveryTracker Tracker { get; }

    /// <summary>Sessions whose connect, handshake or subscribe failed.</summary>
    public int Failures { get; private set; }

    /// <summary>Why sessions failed: exception type and message, with how often each was seen.</summary>
    public Dictionary<string, int> FailureReasons { get; } = [];

    /// <summary>Sessions that ended without being asked to (server close, reset).</summary>
    public int Disconnects { get; private set; }

    /// <summary>Instruments the server refused in a <c>Subscribe</c> result.</summary>
    public int Rejected { get; private set; }

    /// <summary>True while the handshake is done and the socket is open.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>Smallest Tick message seen on the wire, bytes (framing included); 0 when none.</summary>
    public int TickSizeMin { get; private set; }

    /// <summary>Largest Tick message seen on the wire, bytes.</summary>
    public int TickSizeMax { get; private set; }

    /// <summary>Sum of Tick message sizes, bytes.</summary>
    public long TickBytes { get; private set; }

    /// <summary>Tick messages seen.</summary>
    public long TickCount { get; private set; }

    /// <summary>Drop → first Tick after resubscribing, µs; -1 until a drop was recovered.</summary>
    public long RecoveryMicroseconds { get; private set; } = -1;

    private bool IsBinary => _protocol == HubProtocolKind.MessagePack;

    /// <summary>Connects, subscribes and receives until <paramref name="cancellationToken"/> fires, reconnecting as needed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var clean = false;
            try
            {
                clean = await SessionAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or JsonException or MessagePackSerializationException or InvalidDataException or ObjectDisposedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: cancelling one operation (the ping's send) aborts the socket under the other (the
                    // receive), which then fails with "invalid state ('Aborted')". The end of the run, not a failure.
                    return;
                }

                if (!_dropRequested)
                {
                    Failures++;
                    FailureReason.Count(FailureReasons, ex);
                }
            }

            if (_dropRequested)
            {
                _dropRequested = false;
                continue; // The storm: straight back.
            }

            if (clean)
            {
                Disconnects++;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stops reading for <paramref name="duration"/> (the socket stays open; pings still go out).</summary>
    public void Stall(TimeSpan duration) =>
        Volatile.Write(ref _stallUntil, _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency));

    /// <summary>Drops the socket without a close handshake; the connection comes straight back and resubscribes.</summary>
    public void Drop()
    {
        _dropAt = _time.GetTimestamp();
        RecoveryMicroseconds = -1;
        _dropRequested = true;
        _socket?.Abort();
    }

    /// <summary>Sends a SignalR ping when connected (keeps the server's client timeout away).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (_socket is { State: WebSocketState.Open } socket && IsConnected)
        {
            try
            {
                await SendAsync(socket, IsBinary ? MessagePackHubCodec.Ping : JsonHubCodec.Ping, IsBinary, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The receive loop sees the end of the socket.
            }
        }
    }

    // One socket's life; true when the server ended it (close message or close frame).
    private async Task<bool> SessionAsync(CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket = socket;
        _start = _end = 0;
        var subscribed = false;
        _completedCalls = 0;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
                if (_invoker is null)
                {
                    await socket.ConnectAsync(_hubUrl, connectTimeout.Token);
                }
                else
                {
                    await socket.ConnectAsync(_hubUrl, _invoker, connectTimeout.Token);
                }

                await SendAsync(socket, JsonHubCodec.Handshake(_protocol), binary: false, connectTimeout.Token);
                await ReadHandshakeAsync(socket, connectTimeout.Token);
            }

            IsConnected = true;
            _ledger.AddCounter(LedgerCounter.Connected, 1);
            foreach (var subscribe in _subscribes)
            {
                await SendAsync(socket, subscribe, IsBinary, cancellationToken);
            }

            while (true)
            {
                var stallUntil = Volatile.Read(ref _stallUntil);
                var now = _time.GetTimestamp();
                if (stallUntil > now)
                {
                    await Task.Delay(_time.GetElapsedTime(now, stallUntil), _time, cancellationToken);
                    continue;
                }

                EnsureSpace();
                var result = await socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }

                _end += result.Count;
                if (!Parse(ref subscribed))
                {
                    return true;
                }
            }
        }
        finally
        {
            if (IsConnected)
            {
                IsConnected = false;
                _ledger.AddCounter(LedgerCounter.Connected, -1);
            }

            if (subscribed)
            {
                _ledger.AddCounter(LedgerCounter.Subscribed, -1);
            }

            _socket = null;
        }
    }

    private async Task ReadHandshakeAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var separator = _buffer.AsSpan(_start, _end - _start).IndexOf(JsonHubCodec.Separator);
            if (separator >= 0)
            {
                var response = _buffer.AsSpan(_start, separator);
                if (response.IndexOf("\"error\""u8) >= 0)
                {
                    throw new InvalidDataException("The server refused the SignalR handshake.");
                }

                _start += separator + 1;
                return;
            }

            EnsureSpace();
            var result = await socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidDataException("The server closed the socket during the handshake.");
            }

            _end += result.Count;
        }
    }

    // Decodes every complete message in the buffer; false when the server sent a close message.
    private bool Parse(ref bool subscribed)
    {
        while (_end > _start)
        {
            HubWireMessage message;
            int consumed;
            var ok = _protocol == HubProtocolKind.Json
                ? JsonHubCodec.TryRead(_buffer.AsSpan(_start, _end - _start), out consumed, out message)
                : MessagePackHubCodec.TryRead(_buffer.AsMemory(_start, _end - _start), out consumed, out message);
            if (!ok)
            {
                break;
            }

            _start += consumed;
            switch (message.Kind)
            {
                case HubMessageKind.Tick:
                    OnTick(in message);
                    break;
                case HubMessageKind.Completion:
                    Rejected += message.Rejected;
                    if (message.HasError)
                    {
                        Failures++;
                        FailureReason.Count(FailureReasons, "Subscribe completed with an error");
                    }
                    else if (++_completedCalls == _subscribes.Length && !subscribed)
                    {
                        subscribed = true;
                        _ledger.AddCounter(LedgerCounter.Subscribed, 1);
                    }

                    break;
                case HubMessageKind.Close:
                    return false;
                default:
                    break;
            }
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        return true;
    }

    private void OnTick(in HubWireMessage message)
    {
        var receivedAt = _time.GetTimestamp();
        TickCount++;
        TickBytes += message.WireSize;
        TickSizeMax = Math.Max(TickSizeMax, message.WireSize);
        TickSizeMin = TickSizeMin == 0 ? message.WireSize : Math.Min(TickSizeMin, message.WireSize);
        if (Tracker.OnTick(message.SecurityId, message.Ltp, receivedAt) && !_countedComplete)
        {
            _countedComplete = true;
            _ledger.AddCounter(LedgerCounter.Complete, 1);
        }

        if (_dropAt != 0 && RecoveryMicroseconds < 0)
        {
            RecoveryMicroseconds = (long)_time.GetElapsedTime(_dropAt, receivedAt).TotalMicroseconds;
            _ledger.AddCounter(LedgerCounter.Recovered, 1);
        }
    }

    private void EnsureSpace()
    {
        if (_buffer.Length - _end >= 1024)
        {
            return;
        }

        var pending = _end - _start;
        var target = pending * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, pending);
        _buffer = target;
        _start = 0;
        _end = pending;
    }

    private async Task SendAsync(ClientWebSocket socket, ReadOnlyMemory<byte> payload, bool binary, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(payload, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
