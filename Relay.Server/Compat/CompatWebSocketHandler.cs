using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Upstream;
using Relay.Server.Broadcast;
using Relay.Server.Hubs;
using Relay.Server.Market;

namespace Relay.Server.Compat;

/// <summary>
/// Serves one <c>/ws</c> socket for its lifetime: the seed system's JSON protocol (see <see cref="CompatProtocol"/>)
/// over the same feed, rules and broadcaster as the hub, in Ticker mode, under the connection id <c>ws:&lt;guid&gt;</c>.
/// A malformed message gets an <c>error</c> reply; the socket stays open.
/// </summary>
internal sealed partial class CompatWebSocketHandler
{
    private readonly ClientSubscriptions _subscriptions;
    private readonly SubscriberRegistry _registry;
    private readonly IMarketFeed _feed;
    private readonly IMarketStateReader _state;
    private readonly BroadcastMetrics _metrics;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly CompatOptions _options;
    private readonly int _maxMessageBytes;
    private readonly ILogger<CompatWebSocketHandler> _logger;

    /// <summary>Creates the handler (a singleton; state lives in each call).</summary>
    public CompatWebSocketHandler(
        ClientSubscriptions subscriptions,
        SubscriberRegistry registry,
        IMarketFeed feed,
        IMarketStateReader state,
        BroadcastMetrics metrics,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider,
        IOptions<CompatOptions> options,
        IOptions<MarketHubOptions> hubOptions,
        ILogger<CompatWebSocketHandler> logger)
    {
        _subscriptions = subscriptions;
        _registry = registry;
        _feed = feed;
        _state = state;
        _metrics = metrics;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _options = options.Value;
        _maxMessageBytes = hubOptions.Value.MaxReceiveMessageBytes;
        _logger = logger;
    }

    /// <summary>Accepts the WebSocket and serves it until either side closes.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint speaks WebSocket only (the seed system's JSON protocol).", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var subscriber = new CompatSubscriber(new CompatOutbox(_options.MaxPendingInstruments, _options.MaxPendingControlMessages, _metrics));
        context.Items[CompatEndpoints.ConnectionIdItem] = subscriber.ConnectionId;
        _registry.Add(subscriber);
        subscriber.Outbox.TryEnqueueControl(CompatProtocol.Status(_feed.Status));
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            subscriber.BeginShutdown(CompatProtocol.Status(FeedStatusMessages.Stopping(_feed.Status.Source, _timeProvider.GetUtcNow())));
        }

        Log.Opened(_logger, subscriber.ConnectionId);
        var receiveDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = SendLoopAsync(socket, subscriber, receiveDone.Task, context.RequestAborted);
        try
        {
            await ReceiveLoopAsync(socket, subscriber, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ConnectionAbortedException or IOException)
        {
            // The client went away or the socket was aborted: nothing to tell anyone.
            Log.ReceiveEnded(_logger, subscriber.ConnectionId, ex);
        }
        finally
        {
            receiveDone.TrySetResult();
            _subscriptions.Release(subscriber);
            subscriber.Outbox.Complete();
            await sender;
            Log.Closed(_logger, subscriber.ConnectionId);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, CompatSubscriber subscriber, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        var message = new ArrayBufferWriter<byte>(4096);
        var tooLarge = false;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (!tooLarge)
                {
                    if (message.WrittenCount + result.Count > _maxMessageBytes)
                    {
                        tooLarge = true;
                        message.ResetWrittenCount();
                    }
                    else
                    {
                        message.Write(chunk.AsSpan(0, result.Count));
                    }
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (tooLarge)
                {
                    Reply(subscriber, CompatProtocol.Error($"Message too large (at most {_maxMessageBytes} bytes)."));
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Reply(subscriber, CompatProtocol.Error("Binary messages are not supported: send JSON text."));
                }
                else
                {
                    try
                    {
                        await HandleMessageAsync(subscriber, message.WrittenSpan.ToArray(), cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A server-side failure (e.g. in the feed) answers this message only; the socket stays open.
                        Log.MessageFailed(_logger, subscriber.ConnectionId, ex);
                        Reply(subscriber, CompatProtocol.Error("The server could not handle this message."));
                    }
                }

                tooLarge = false;
                message.ResetWrittenCount();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private async Task HandleMessageAsync(CompatSubscriber subscriber, byte[] utf8, CancellationToken cancellationToken)
    {
        if (!CompatProtocol.TryParse(utf8, out var request, out var parseError))
        {
            Reply(subscriber, CompatProtocol.Error(parseError));
            return;
        }

        if (request.Type == CompatRequestType.Ping)
        {
            Reply(subscriber, CompatProtocol.Pong);
            return;
        }

        if (_subscriptions.ValidateCall(request.Instruments) is { } callError)
        {
            Reply(subscriber, CompatProtocol.Error(callError));
            return;
        }

        var rejected = new List<string>();
        if (request.Type == CompatRequestType.Subscribe)
        {
            var results = await _subscriptions.SubscribeAsync(subscriber, request.Instruments, FeedMode.Ticker, withSnapshots: false, cancellationToken);
            foreach (var result in results)
            {
                if (!result.Accepted)
                {
                    rejected.Add($"{result.ExchangeSegment}:{result.SecurityId}: {result.Reason}");
                }
                else if (ClientSubscriptions.TryParse(new InstrumentRef { ExchangeSegment = result.ExchangeSegment, SecurityId = result.SecurityId }, out var key, out _))
                {
                    SendLastKnown(subscriber, key);
                }
            }
        }
        else
        {
            var keys = new List<InstrumentKey>(request.Instruments.Count);
            foreach (var instrument in request.Instruments)
            {
                if (ClientSubscriptions.TryParse(instrument, out var key, out var error))
                {
                    keys.Add(key);
                }
                else
                {
                    rejected.Add($"{instrument}: {error}");
                }
            }

            _subscriptions.Unsubscribe(subscriber, keys, FeedMode.Ticker);
        }

        if (rejected.Count > 0)
        {
            Reply(subscriber, CompatProtocol.Error(Describe(rejected)));
        }

        Reply(subscriber, CompatProtocol.Subscribed(_subscriptions.CountHeld(subscriber)));
    }

    // A new subscriber gets the instrument's last price at once rather than waiting for its next trade.
    private void SendLastKnown(CompatSubscriber subscriber, InstrumentKey instrument)
    {
        if (_state.TryGet(instrument, out var snapshot) && snapshot.Ltt != 0)
        {
            var payload = CompatProtocol.Ticker(new ArrayBufferWriter<byte>(128), ExchangeSegments.Name(instrument.Segment), instrument.SecurityIdText, WirePrice.ToDouble(snapshot.Ltp), snapshot.Ltt);
            subscriber.Outbox.TryEnqueueTicker(instrument, payload);
        }
    }

    private static string Describe(List<string> rejected)
    {
        const int Shown = 10;
        var text = new StringBuilder();
        text.Append(rejected.Count == 1 ? "1 instrument rejected: " : $"{rejected.Count} instruments rejected: ");
        text.AppendJoin("; ", rejected.Take(Shown));
        if (rejected.Count > Shown)
        {
            text.Append("; …");
        }

        return text.ToString();
    }

    private static void Reply(CompatSubscriber subscriber, byte[] payload) => subscriber.Outbox.TryEnqueueControl(payload);

    private async Task SendLoopAsync(WebSocket socket, CompatSubscriber subscriber, Task receiveDone, CancellationToken cancellationToken)
    {
        // The timer has its own source, so "it fired" is never confused with the request being aborted.
        using var timer = new CancellationTokenSource();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var outbox = subscriber.Outbox;
        var closing = false;
        try
        {
            do
            {
                while (outbox.TryDequeue(out var payload))
                {
                    await SendAsync(socket, payload, timer, timeout.Token);
                }
            }
            while (await outbox.WaitToReadAsync(cancellationToken));

            // Completed: flush what is left (the final status at shutdown), then close our side.
            while (outbox.TryDequeue(out var payload))
            {
                await SendAsync(socket, payload, timer, timeout.Token);
            }

            closing = true;
            await CloseAsync(socket, subscriber, receiveDone, timer, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or ConnectionAbortedException or IOException)
        {
            // Cancelling a send aborts the socket, so whatever the exception, a fired timer means the client stalled.
            if (!closing && timer.IsCancellationRequested)
            {
                _metrics.Aborted(AbortReason.CompatSendTimeout);
                Log.SendTimedOut(_logger, subscriber.ConnectionId, _options.SendTimeout.TotalMilliseconds);
            }
            else
            {
                Log.SendEnded(_logger, subscriber.ConnectionId, ex);
            }

            socket.Abort(); // The receive loop ends too.
        }
    }

    private async Task SendAsync(WebSocket socket, byte[] payload, CancellationTokenSource timer, CancellationToken cancellationToken)
    {
        timer.CancelAfter(_options.SendTimeout);
        await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        timer.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    private async Task CloseAsync(WebSocket socket, CompatSubscriber subscriber, Task receiveDone, CancellationTokenSource timer, CancellationToken cancellationToken)
    {
        timer.CancelAfter(_options.CloseTimeout);
        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
        else if (socket.State == WebSocketState.Open && subscriber.IsShuttingDown)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Relay is shutting down.", cancellationToken);
            try
            {
                await receiveDone.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                socket.Abort(); // The client did not answer the close handshake in time.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "/ws socket {ConnectionId} opened.")]
        public static partial void Opened(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "/ws socket {ConnectionId} closed.")]
        public static partial void Closed(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 4206, Level = LogLevel.Error, Message = "/ws socket {ConnectionId}: handling a message failed.")]
        public static partial void MessageFailed(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(EventId = 4204, Level = LogLevel.Debug, Message = "/ws socket {ConnectionId} stopped receiving.")]
        public static partial void ReceiveEnded(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(EventId = 4205, Level = LogLevel.Debug, Message = "/ws socket {ConnectionId} stopped sending.")]
        public static partial void SendEnded(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "/ws socket {ConnectionId} did not accept a message within {TimeoutMs:F0} ms; aborted as a laggard.")]
        public static partial void SendTimedOut(ILogger logger, string connectionId, double timeoutMs);
    }
}
