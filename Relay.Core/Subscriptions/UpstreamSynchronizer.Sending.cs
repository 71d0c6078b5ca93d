using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Subscriptions;

/// <summary>Turning a plan into requests and recording what went out.</summary>
internal sealed partial class UpstreamSynchronizer
{
    private async Task<int> SendPlanAsync(RequestPlan plan, int[] epochs, CancellationToken cancellationToken)
    {
        var requests = 0;
        var stopped = new bool[_sockets.Length];
        foreach (var (socket, code, instruments) in plan.Groups)
        {
            FeedModeCodes.TryGetMode(code, out var mode, out var subscribe);
            for (var start = 0; start < instruments.Count && !stopped[socket]; start += RequestEncoder.MaxInstrumentsPerRequest)
            {
                var count = Math.Min(RequestEncoder.MaxInstrumentsPerRequest, instruments.Count - start);
                var batch = subscribe ? FitToCapacity(socket, instruments, start, count) : Slice(instruments, start, count);
                if (batch.Length == 0)
                {
                    continue;
                }

                if (await SendAsync(socket, epochs[socket], code, mode, subscribe, batch, cancellationToken))
                {
                    requests++;
                }
                else
                {
                    // Not connected (or the session ended): the rest would fail too, and the next replay covers it.
                    stopped[socket] = true;
                }
            }
        }

        return requests;
    }

    // Belt and braces: the desired set never puts more than the cap on a socket and unsubscribes go first, but if
    // the sent state has drifted, never let the upstream see more than the cap: hold back new instruments (a mode
    // change needs no room) and leave them to reconciliation, which frees room before it subscribes.
    private InstrumentKey[] FitToCapacity(int socket, IReadOnlyList<InstrumentKey> instruments, int start, int count)
    {
        lock (_stateLock)
        {
            var sent = _sockets[socket].Sent;
            var room = _set.MaxInstrumentsPerSocket - sent.Count;
            var batch = new List<InstrumentKey>(count);
            var deferred = 0;
            for (var i = start; i < start + count; i++)
            {
                if (sent.ContainsKey(instruments[i]))
                {
                    batch.Add(instruments[i]);
                }
                else if (room > 0)
                {
                    batch.Add(instruments[i]);
                    room--;
                }
                else
                {
                    deferred++;
                }
            }

            if (deferred > 0)
            {
                Interlocked.Add(ref _capacityDeferrals, deferred);
                LogCapacityDeferred(socket, deferred, _set.MaxInstrumentsPerSocket);
            }

            return [.. batch];
        }
    }

    private static InstrumentKey[] Slice(IReadOnlyList<InstrumentKey> instruments, int start, int count)
    {
        var batch = new InstrumentKey[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = instruments[start + i];
        }

        return batch;
    }

    private async Task<bool> SendAsync(
        int socket, int epoch, FeedRequestCode code, FeedMode mode, bool subscribe, InstrumentKey[] batch, CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            if (!IsCurrentLocked(socket, epoch))
            {
                return false;
            }
        }

        var request = RequestEncoder.Encode(code, batch);
        bool sent;
        try
        {
            sent = await _sender.TrySendAsync(socket, request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever the socket layer throws, the loop must survive; reconciliation repairs the gap.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Only the type: the socket layer's messages are not ours to vouch for (they could carry a URL).
            LogSendThrew(socket, ex.GetType().Name);
            sent = false;
        }

        if (!sent)
        {
            Interlocked.Increment(ref _sendFailures);
            LogSendNotConnected(socket, (byte)code, batch.Length);
            return false;
        }

        Interlocked.Increment(ref _requestsSent);
        Interlocked.Add(ref subscribe ? ref _instrumentsSubscribed : ref _instrumentsUnsubscribed, batch.Length);
        var bit = FeedModeMask.Bit(mode);
        lock (_stateLock)
        {
            if (!IsCurrentLocked(socket, epoch))
            {
                // The session ended while this was in flight. If the socket layer had already reconnected, the
                // request may have landed on the new session: remember subscribes so that session's replay can
                // unsubscribe whatever it does not want (unsubscribing something absent is silent upstream).
                if (subscribe)
                {
                    Interlocked.Increment(ref _ambiguousSends);
                    var ambiguous = _sockets[socket].Ambiguous;
                    foreach (var instrument in batch)
                    {
                        ambiguous.TryGetValue(instrument, out var mask);
                        ambiguous[instrument] = (byte)(mask | bit);
                    }
                }

                return false;
            }

            var state = _sockets[socket].Sent;
            foreach (var instrument in batch)
            {
                state.TryGetValue(instrument, out var mask);
                mask = subscribe ? (byte)(mask | bit) : (byte)(mask & ~bit);
                if (mask == 0)
                {
                    state.Remove(instrument);
                }
                else
                {
                    state[instrument] = mask;
                }
            }
        }

        return true;
    }
}
