using System.Net.WebSockets;
using System.Text;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Simulator;

namespace Relay.Tests.Support;

/// <summary>
/// A raw DhanHQ-protocol client for tests: a <see cref="ClientWebSocket"/> connected to a <see cref="FeedSimulator"/> (or
/// any ws:// URL), sending JSON requests and decoding every received binary frame with <see cref="PacketDecoder"/>.
/// Waits are event-driven (woken on every packet and on the end of the socket).
/// </summary>
internal sealed class SimulatorClient : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<SimulatorClientPacket> _packets = [];
    private readonly List<DecodeError> _decodeErrors = [];
    private readonly List<int> _frameSizes = [];
    private readonly List<string> _textFrames = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _frames;

    private SimulatorClient(ClientWebSocket socket, bool receive)
    {
        Socket = socket;
        Completion = receive ? Task.Run(ReceiveLoopAsync) : Task.CompletedTask;
    }

    /// <summary>The underlying socket.</summary>
    public ClientWebSocket Socket { get; }

    /// <summary>Completes when the receive loop ended (close frame, abort or error); never faults.</summary>
    public Task Completion { get; }

    /// <summary>True when the server's close frame was received.</summary>
    public bool CloseFrameReceived { get; private set; }

    /// <summary>The close status the server sent, when it sent one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The exception that ended the receive loop (e.g. the connection dropped without a close frame), or null.</summary>
    public Exception? ReceiveError { get; private set; }

    /// <summary>Every packet decoded so far, in order.</summary>
    public IReadOnlyList<SimulatorClientPacket> Packets
    {
        get
        {
            lock (_lock)
            {
                return [.. _packets];
            }
        }
    }

    /// <summary>Everything the decoder reported as malformed.</summary>
    public IReadOnlyList<DecodeError> DecodeErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _decodeErrors];
            }
        }
    }

    /// <summary>The size in bytes of every binary frame received, in order.</summary>
    public IReadOnlyList<int> FrameSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _frameSizes];
            }
        }
    }

    /// <summary>Text frames received (DhanHQ sends none).</summary>
    public IReadOnlyList<string> TextFrames
    {
        get
        {
            lock (_lock)
            {
                return [.. _textFrames];
            }
        }
    }

    /// <summary>The reason codes of every disconnect packet (code 50) received.</summary>
    public IReadOnlyList<ushort> DisconnectReasons => [.. Packets.Where(p => p.Code == FeedResponseCode.Disconnect).Select(p => ((DisconnectPacket)p.Packet).ReasonCode)];

    /// <summary>Connects to <paramref name="simulator"/> with its accepted credentials unless others are given.</summary>
    /// <param name="simulator">A started simulator.</param>
    /// <param name="cancellationToken">Bounds the connect.</param>
    /// <param name="clientId">Client id to present; null for the accepted one.</param>
    /// <param name="accessToken">Token to present; null for the accepted one.</param>
    /// <param name="receive">False to never read (the socket's automatic pongs then never go out).</param>
    /// <param name="keepAliveInterval">The client's own ping interval; null disables client pings.</param>
    /// <param name="keepAliveTimeout">The client's pong timeout; null for none.</param>
    public static Task<SimulatorClient> ConnectAsync(
        FeedSimulator simulator,
        CancellationToken cancellationToken,
        string? clientId = null,
        string? accessToken = null,
        bool receive = true,
        TimeSpan? keepAliveInterval = null,
        TimeSpan? keepAliveTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return ConnectAsync(simulator.GetConnectUrl(clientId, accessToken), cancellationToken, receive, keepAliveInterval, keepAliveTimeout);
    }

    /// <summary>Connects to any URL.</summary>
    public static async Task<SimulatorClient> ConnectAsync(
        Uri url,
        CancellationToken cancellationToken,
        bool receive = true,
        TimeSpan? keepAliveInterval = null,
        TimeSpan? keepAliveTimeout = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = keepAliveInterval ?? TimeSpan.Zero;
        if (keepAliveTimeout is { } timeout)
        {
            socket.Options.KeepAliveTimeout = timeout;
        }

        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SimulatorClient(socket, receive);
    }

    /// <summary>Builds a list-form request by hand (any count, any declared count), for limit tests.</summary>
    public static string RequestJson(FeedRequestCode code, IEnumerable<InstrumentKey> instruments, int? declaredCount = null)
    {
        var list = instruments.ToList();
        var items = string.Join(',', list.Select(k => $"{{\"ExchangeSegment\":\"{ExchangeSegments.Name(k.Segment)}\",\"SecurityId\":\"{k.SecurityId}\"}}"));
        return $"{{\"RequestCode\":{(byte)code},\"InstrumentCount\":{declaredCount ?? list.Count},\"InstrumentList\":[{items}]}}";
    }

    /// <summary>Sends a text frame.</summary>
    public Task SendTextAsync(string json, CancellationToken cancellationToken) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Subscribes in batches of at most 100, as the relay must.</summary>
    public Task SubscribeAsync(FeedMode mode, IReadOnlyList<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        SendBatchesAsync(mode.SubscribeCode(), instruments, cancellationToken);

    /// <summary>Unsubscribes in batches of at most 100.</summary>
    public Task UnsubscribeAsync(FeedMode mode, IReadOnlyList<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        SendBatchesAsync(mode.UnsubscribeCode(), instruments, cancellationToken);

    /// <summary>Sends <c>{"RequestCode":12}</c>.</summary>
    public Task SendDisconnectRequestAsync(CancellationToken cancellationToken) =>
        Socket.SendAsync(RequestEncoder.EncodeDisconnect(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Waits for the first packet (already received or coming) that matches.</summary>
    /// <exception cref="TimeoutException">None arrived in time.</exception>
    public async Task<SimulatorClientPacket> WaitForPacketAsync(Func<SimulatorClientPacket, bool> predicate, TimeSpan timeout)
    {
        SimulatorClientPacket? found = null;
        await WaitUntilAsync(c => (found = c.Packets.FirstOrDefault(predicate)) is not null, timeout);
        return found!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; re-evaluated on every packet and when the socket ends.</summary>
    /// <exception cref="TimeoutException">It did not hold in time.</exception>
    public async Task WaitUntilAsync(Func<SimulatorClient, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            if (condition(this))
            {
                return;
            }

            try
            {
                await signal.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                if (condition(this))
                {
                    return;
                }

                throw new TimeoutException($"Simulator client condition not met within {timeout}; {Packets.Count} packets, close status {CloseStatus}, error {ReceiveError?.Message}.");
            }
        }
    }

    /// <summary>Waits for the receive loop to end (the server closed or dropped the socket).</summary>
    public Task WaitForEndAsync(TimeSpan timeout) => Completion.WaitAsync(timeout);

    /// <summary>Closes politely if still open, then disposes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Best effort.
            }
        }

        Socket.Abort();
        await Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Socket.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private async Task SendBatchesAsync(FeedRequestCode code, IReadOnlyList<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        foreach (var request in RequestEncoder.EncodeBatches(code, instruments))
        {
            await Socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await Socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseFrameReceived = true;
                    CloseStatus = Socket.CloseStatus;
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                OnFrame(result.MessageType, buffer.AsSpan(0, count));
                count = 0;
            }
        }
        catch (Exception ex)
        {
            ReceiveError = ex;
        }
        finally
        {
            Signal();
        }
    }

    private void OnFrame(WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        lock (_lock)
        {
            if (type == WebSocketMessageType.Text)
            {
                _textFrames.Add(Encoding.UTF8.GetString(frame));
            }
            else
            {
                _frameSizes.Add(frame.Length);
                var collector = new Collector(new List<(FeedResponseCode, InstrumentKey, object)>(), _decodeErrors);
                PacketDecoder.Decode(frame, ref collector);
                var now = DateTimeOffset.UtcNow;
                foreach (var (code, instrument, packet) in collector.Packets)
                {
                    _packets.Add(new SimulatorClientPacket(code, instrument, packet, _frames, collector.Packets.Count, now));
                }

                _frames++;
            }
        }

        Signal();
    }

    private readonly struct Collector(List<(FeedResponseCode Code, InstrumentKey Instrument, object Packet)> packets, List<DecodeError> errors) : IPacketHandler
    {
        public List<(FeedResponseCode Code, InstrumentKey Instrument, object Packet)> Packets { get; } = packets;

        public void OnTicker(in TickerPacket packet) => Packets.Add((FeedResponseCode.Ticker, packet.Instrument, packet));

        public void OnQuote(in QuotePacket packet) => Packets.Add((FeedResponseCode.Quote, packet.Instrument, packet));

        public void OnOpenInterest(in OiPacket packet) => Packets.Add((FeedResponseCode.OpenInterest, packet.Instrument, packet));

        public void OnPrevClose(in PrevClosePacket packet) => Packets.Add((FeedResponseCode.PrevClose, packet.Instrument, packet));

        public void OnFull(in FullPacket packet) => Packets.Add((FeedResponseCode.Full, packet.Instrument, packet));

        public void OnDisconnect(in DisconnectPacket packet) => Packets.Add((FeedResponseCode.Disconnect, default, packet));

        public void OnOther(in PacketHeader header, ReadOnlySpan<byte> packet)
        {
            header.TryGetInstrument(out var instrument);
            Packets.Add((header.Code, instrument, packet.ToArray()));
        }

        public void OnMalformed(DecodeError error, int offset, ReadOnlySpan<byte> skipped) => errors.Add(error);
    }
}
