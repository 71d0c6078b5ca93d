using System.Net.WebSockets;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>Request handling: parsing, limits, and the subscription set of the socket.</summary>
internal sealed partial class SimulatorSession
{
    private async Task HandleRequestAsync(ReadOnlyMemory<byte> json)
    {
        var now = _owner.TimeProvider.GetUtcNow();
        if (!RequestParser.TryParse(json.Span, out var request, out var error))
        {
            _owner.RecordRequest(new SimulatorRequest(Id, now, null, [], -1, error));
            _owner.RecordViolation(SimulatorViolationType.MalformedRequest, Id, error);
            return;
        }

        _owner.RecordRequest(new SimulatorRequest(Id, now, request.Code, request.Instruments, request.DeclaredCount, null));
        if (request.Code == FeedRequestCode.Disconnect)
        {
            await CloseAsync(WebSocketCloseStatus.NormalClosure, null, "disconnect requested (12)");
            return;
        }

        FeedModeCodes.TryGetMode(request.Code, out var mode, out var subscribe);
        var count = request.Instruments.Count;
        if (count > Options.MaxInstrumentsPerRequest)
        {
            await RejectAsync(SimulatorViolationType.TooManyInstrumentsInRequest, DisconnectReason.InstrumentLimitExceeded,
                $"request {(byte)request.Code} carries {count} instruments; the limit is {Options.MaxInstrumentsPerRequest}");
            return;
        }

        if (request.DeclaredCount != count)
        {
            await RejectAsync(SimulatorViolationType.InstrumentCountMismatch, DisconnectReason.InvalidRequest,
                request.DeclaredCount < 0
                    ? $"request {(byte)request.Code} has no InstrumentCount for its {count} instruments"
                    : $"request {(byte)request.Code} declares InstrumentCount {request.DeclaredCount} but lists {count} instruments");
            return;
        }

        if (subscribe)
        {
            int total;
            lock (_gate)
            {
                total = _subscriptions.Count + CountNewLocked(request.Instruments);
                if (total <= Options.MaxInstrumentsPerSocket)
                {
                    SubscribeLocked(request.Instruments, mode);
                }
            }

            if (total > Options.MaxInstrumentsPerSocket)
            {
                await RejectAsync(SimulatorViolationType.TooManyInstrumentsOnSocket, DisconnectReason.InstrumentLimitExceeded,
                    $"subscribing would hold {total} distinct instruments on the socket; the limit is {Options.MaxInstrumentsPerSocket}");
                return;
            }
        }
        else
        {
            lock (_gate)
            {
                UnsubscribeLocked(request.Instruments, mode);
            }
        }

        _owner.NotifyChanged();
    }

    // Records the violation; then either disconnects (804/814, as DhanHQ would) or ignores the request as a whole.
    private async Task RejectAsync(SimulatorViolationType type, DisconnectReason reason, string details)
    {
        _owner.RecordViolation(type, Id, details);
        if (Options.DisconnectOnLimitViolation)
        {
            await DisconnectAsync((ushort)reason, close: true, $"limit violated ({(ushort)reason})");
        }
    }

    private int CountNewLocked(IReadOnlyList<InstrumentKey> instruments)
    {
        var fresh = new HashSet<InstrumentKey>();
        foreach (var key in instruments)
        {
            if (!_subscriptions.ContainsKey(key))
            {
                fresh.Add(key);
            }
        }

        return fresh.Count;
    }

    private void SubscribeLocked(IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        var now = _owner.TimeProvider.GetTimestamp();
        var bit = SessionSubscription.Bit(mode);
        foreach (var key in instruments)
        {
            if (!_subscriptions.TryGetValue(key, out var subscription))
            {
                subscription = new SessionSubscription(_owner.Market.Get(key));
                _subscriptions.Add(key, subscription);
            }
            else if ((subscription.Modes & bit) != 0)
            {
                continue;
            }

            // A newly subscribed mode gets the prev close and a first packet at once, then ticks at the instrument's rate.
            subscription.Modes |= bit;
            subscription.NeedsPrevClose = true;
            subscription.Generation++;
            _schedule.Enqueue((subscription, subscription.Generation), now);
        }
    }

    private void UnsubscribeLocked(IReadOnlyList<InstrumentKey> instruments, FeedMode mode)
    {
        var bit = SessionSubscription.Bit(mode);
        foreach (var key in instruments)
        {
            if (_subscriptions.TryGetValue(key, out var subscription))
            {
                subscription.Modes &= ~bit;
                if (subscription.Modes == 0)
                {
                    subscription.Removed = true;
                    _subscriptions.Remove(key);
                }
            }
        }
    }
}
