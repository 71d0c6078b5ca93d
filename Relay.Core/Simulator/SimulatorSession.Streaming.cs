using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>The send loop: one timer per socket; each wake-up writes every due packet into one reused buffer, then sends it frame by frame.</summary>
internal sealed partial class SimulatorSession
{
    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.TimerResolution, _owner.TimeProvider);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_silent || IsClosing)
                {
                    continue;
                }

                var packets = BuildDueFrames();
                if (packets == 0)
                {
                    continue;
                }

                await _sendLock.WaitAsync(cancellationToken);
                try
                {
                    if (IsClosing)
                    {
                        continue;
                    }

                    var start = 0;
                    foreach (var end in _frameEnds)
                    {
                        await _socket.SendAsync(_frames.AsMemory(start, end - start), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                        start = end;
                    }
                }
                finally
                {
                    _sendLock.Release();
                }

                _owner.CountSent(packets, _frameEnds.Count);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is ending; the receive loop reports why.
        }
    }

    /// <summary>Writes every packet due now into <see cref="_frames"/>; returns the packet count (frame ends in <see cref="_frameEnds"/>).</summary>
    private int BuildDueFrames()
    {
        lock (_gate)
        {
            _frameEnds.Clear();
            _frameLength = 0;
            _packetsInFrame = 0;
            _packetsBuilt = 0;
            var time = _owner.TimeProvider;
            var now = time.GetTimestamp();

            // A subscription more than this late (silence, overload) restarts from now instead of catching up in a burst.
            var lagLimit = now - (time.TimestampFrequency / 4);
            var ltt = _owner.CurrentLtt();
            while (_schedule.TryPeek(out var entry, out var due) && due <= now)
            {
                _schedule.Dequeue();
                var subscription = entry.Subscription;
                if (subscription.Removed || entry.Generation != subscription.Generation)
                {
                    continue;
                }

                WriteTick(subscription, ltt);
                var next = due + _owner.NextInterval(subscription.State, now, _random);
                _schedule.Enqueue(entry, next < lagLimit ? now + _owner.NextInterval(subscription.State, now, _random) : next);
            }

            if (_packetsInFrame > 0)
            {
                _frameEnds.Add(_frameLength);
            }

            return _packetsBuilt;
        }
    }

    private void WriteTick(SessionSubscription subscription, uint ltt)
    {
        var state = subscription.State;
        var key = state.Key;
        state.Advance(ltt, out var tick);
        _owner.TickWritten?.Invoke(key, tick.Ltp);
        if (subscription.NeedsPrevClose)
        {
            subscription.NeedsPrevClose = false;
            Commit(new PrevClosePacket(key, state.PrevClose, state.PrevOpenInterest).Write(Reserve(PrevClosePacket.Size)));
        }

        if (subscription.Has(FeedMode.Ticker))
        {
            Commit(new TickerPacket(key, tick.Ltp, tick.Ltt).Write(Reserve(TickerPacket.Size)));
        }

        if (subscription.Has(FeedMode.Quote))
        {
            Commit(new QuotePacket(key, tick.Ltp, tick.Ltq, tick.Ltt, tick.Atp, tick.Volume, tick.TotalSellQuantity, tick.TotalBuyQuantity,
                tick.Open, tick.Close, tick.High, tick.Low).Write(Reserve(QuotePacket.Size)));

            // OI travels in its own packet alongside Quote, for instruments that have OI (derivatives).
            if (state.Instrument.HasOpenInterest)
            {
                Commit(new OiPacket(key, tick.OpenInterest).Write(Reserve(OiPacket.Size)));
            }
        }

        if (subscription.Has(FeedMode.Full))
        {
            WriteFull(Reserve(FullPacket.Size), key, in tick);
            Commit(FullPacket.Size);
        }
    }

    private Span<byte> Reserve(int size)
    {
        if (_frameLength + size > _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(_frames.Length * 2, _frameLength + size));
        }

        return _frames.AsSpan(_frameLength, size);
    }

    private void Commit(int size)
    {
        _frameLength += size;
        _packetsBuilt++;
        if (++_packetsInFrame >= Options.MaxPacketsPerFrame)
        {
            _frameEnds.Add(_frameLength);
            _packetsInFrame = 0;
        }
    }
}
