using System.Globalization;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Subscriptions;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Subscriptions;

/// <summary>
/// Plays the DhanHQ side of the sockets: parses every request with <see cref="RequestParser"/>, checks the limits on
/// each one, applies it in order to a per-socket state (instrument → modes), and records it. Violations are collected
/// rather than thrown, because the synchronizer would swallow an exception from the sender.
/// </summary>
internal sealed class FakeUpstream : IUpstreamRequestSender
{
    private readonly Lock _lock = new();
    private readonly int _cap;
    private readonly Dictionary<InstrumentKey, byte>[] _state;
    private readonly bool[] _connected;
    private readonly int[] _peak;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<string> _violations = [];
    private int _refuseNext;
    private int _throwNext;

    public FakeUpstream(int sockets, int cap)
    {
        _cap = cap;
        _state = new Dictionary<InstrumentKey, byte>[sockets];
        for (var i = 0; i < sockets; i++)
        {
            _state[i] = [];
        }

        _connected = new bool[sockets];
        _peak = new int[sockets];
    }

    /// <summary>Requests that reached a connected socket, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every broken rule seen: a request over 100, a wrong count, a socket over the cap, a bad socket index, bad JSON.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Subscribes for an (instrument, mode) the socket already had.</summary>
    public int RedundantSubscribes { get; private set; }

    /// <summary>Unsubscribes for an (instrument, mode) the socket did not have.</summary>
    public int RedundantUnsubscribes { get; private set; }

    /// <summary>Sends refused because the socket was not connected.</summary>
    public int NotConnectedSends { get; private set; }

    /// <summary>Makes the next <paramref name="count"/> sends return false although the socket stays connected (lost requests).</summary>
    public void RefuseNext(int count)
    {
        lock (_lock)
        {
            _refuseNext = count;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> sends throw.</summary>
    public void ThrowNext(int count)
    {
        lock (_lock)
        {
            _throwNext = count;
        }
    }

    /// <summary>A new session on <paramref name="socket"/>: nothing subscribed.</summary>
    public void Connect(int socket)
    {
        lock (_lock)
        {
            _state[socket].Clear();
            _connected[socket] = true;
        }
    }

    /// <summary>The session on <paramref name="socket"/> is gone, and its subscriptions with it.</summary>
    public void Disconnect(int socket)
    {
        lock (_lock)
        {
            _state[socket].Clear();
            _connected[socket] = false;
        }
    }

    public void ClearRecorded()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Most distinct instruments the socket ever held at once.</summary>
    public int PeakOf(int socket)
    {
        lock (_lock)
        {
            return _peak[socket];
        }
    }

    /// <summary>What the socket holds now: one item per (instrument, mode).</summary>
    public IReadOnlyList<InstrumentMode> HoldingsOf(int socket)
    {
        lock (_lock)
        {
            var result = new List<InstrumentMode>();
            foreach (var (instrument, mask) in _state[socket])
            {
                foreach (var mode in new[] { FeedMode.Ticker, FeedMode.Quote, FeedMode.Full })
                {
                    if ((mask & (1 << (int)mode)) != 0)
                    {
                        result.Add(new InstrumentMode(instrument, mode));
                    }
                }
            }

            return result;
        }
    }

    /// <summary>Runs once, at the start of the next send, before the socket's state is looked at (e.g. to reconnect under it).</summary>
    public Action<int>? BeforeNextSend { get; set; }

    public ValueTask<bool> TrySendAsync(int socket, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var hook = BeforeNextSend;
        BeforeNextSend = null;
        hook?.Invoke(socket);
        lock (_lock)
        {
            if (socket < 0 || socket >= _state.Length)
            {
                _violations.Add(Invariant($"request on socket {socket}, which does not exist"));
                return ValueTask.FromResult(false);
            }

            if (!_connected[socket])
            {
                NotConnectedSends++;
                return ValueTask.FromResult(false);
            }

            if (_refuseNext > 0)
            {
                _refuseNext--;
                return ValueTask.FromResult(false);
            }

            if (_throwNext > 0)
            {
                _throwNext--;
                throw new InvalidOperationException("injected send failure");
            }

            Apply(socket, request.Span);
            return ValueTask.FromResult(true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Apply(int socket, ReadOnlySpan<byte> request)
    {
        if (!RequestParser.TryParse(request, out var parsed, out var error))
        {
            _violations.Add($"unparseable request: {error}");
            return;
        }

        if (!FeedModeCodes.TryGetMode(parsed.Code, out var mode, out var subscribe))
        {
            _violations.Add(Invariant($"unexpected request code {(byte)parsed.Code}"));
            return;
        }

        var count = parsed.Instruments.Count;
        if (count is < 1 or > RequestEncoder.MaxInstrumentsPerRequest)
        {
            _violations.Add(Invariant($"request with {count} instruments"));
        }

        if (parsed.DeclaredCount != count)
        {
            _violations.Add(Invariant($"InstrumentCount {parsed.DeclaredCount} for {count} instruments"));
        }

        if (parsed.Instruments.Distinct().Count() != count)
        {
            _violations.Add("an instrument twice in one request");
        }

        var bit = (byte)(1 << (int)mode);
        var state = _state[socket];
        foreach (var instrument in parsed.Instruments)
        {
            state.TryGetValue(instrument, out var mask);
            if (subscribe)
            {
                RedundantSubscribes += (mask & bit) != 0 ? 1 : 0;
                state[instrument] = (byte)(mask | bit);
            }
            else
            {
                RedundantUnsubscribes += (mask & bit) == 0 ? 1 : 0;
                mask = (byte)(mask & ~bit);
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

        _peak[socket] = Math.Max(_peak[socket], state.Count);
        if (state.Count > _cap)
        {
            _violations.Add(Invariant($"socket {socket} holds {state.Count} instruments, over the cap of {_cap}"));
        }

        _requests.Add(new RecordedRequest(socket, parsed.Code, parsed.Instruments));
    }
}
