using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Bench.Load.Baseline;

/// <summary>
/// The baseline's one background loop: reads the feed over a <see cref="ClientWebSocket"/>, decodes each frame with
/// <see cref="PacketDecoder"/>, and for every ticker packet awaits <c>Clients.Group(key).SendAsync("Tick", message)</c>.
/// Nothing else: no conflation, no per-connection bound, no reconnect.
/// </summary>
internal sealed class BaselineUpstream(IHubContext<BaselineHub> hub, BaselineOptions options) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly HashSet<InstrumentKey> _subscribed = [];
    private readonly Channel<byte[]> _requests = Channel.CreateUnbounded<byte[]>();

    /// <summary>Asks the feed for the instruments not asked for yet.</summary>
    public void Ensure(IReadOnlyList<InstrumentKey> instruments)
    {
        var added = new List<InstrumentKey>();
        lock (_lock)
        {
            foreach (var key in instruments)
            {
                if (_subscribed.Add(key))
                {
                    added.Add(key);
                }
            }
        }

        foreach (var request in RequestEncoder.EncodeBatches(FeedRequestCode.SubscribeTicker, added))
        {
            _requests.Writer.TryWrite(request);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(options.FeedUrl, stoppingToken);
        var sender = SendRequestsAsync(socket, stoppingToken);
        var buffer = new byte[64 * 1024];
        var ticks = new List<TickerPacket>(64);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), stoppingToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                ticks.Clear();
                var collector = new BaselineTickCollector(ticks);
                PacketDecoder.Decode(buffer.AsSpan(0, length), ref collector);
                foreach (var tick in ticks)
                {
                    var message = new TickMessage
                    {
                        ExchangeSegment = ExchangeSegments.Name(tick.Instrument.Segment),
                        SecurityId = tick.Instrument.SecurityIdText,
                        Ltp = WirePrice.ToDouble(tick.Ltp),
                        Ltt = tick.Ltt,
                    };
                    await hub.Clients.Group(tick.Instrument.ToString()).SendAsync("Tick", message, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _requests.Writer.TryComplete();
            await sender.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task SendRequestsAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken))
        {
            await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }
}
