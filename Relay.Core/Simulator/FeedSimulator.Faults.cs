using System.Net.WebSockets;

namespace Relay.Core.Simulator;

/// <summary>Fault injection and runtime knobs, for tests and demos. <c>socketId = null</c> targets every open socket.</summary>
public sealed partial class FeedSimulator
{
    /// <summary>Drops sockets without a close frame: the TCP connection is closed under the WebSocket (the client sees 1006).</summary>
    /// <returns>How many sockets were dropped.</returns>
    public int DropConnections(int? socketId = null)
    {
        var targets = Targets(socketId);
        foreach (var session in targets)
        {
            session.Abort("dropped (fault)");
        }

        Log.FaultInjected(Logger, "drop", targets.Length);
        return targets.Length;
    }

    /// <summary>Closes sockets with a WebSocket close frame of the given status (then aborts after <see cref="SimulatorOptions.CloseTimeout"/> without an answer).</summary>
    /// <returns>How many sockets were closed.</returns>
    public async Task<int> CloseConnectionsAsync(WebSocketCloseStatus closeStatus, string? description = null, int? socketId = null, CancellationToken cancellationToken = default)
    {
        var targets = Targets(socketId);
        var closed = await Task.WhenAll(targets.Select(s => s.CloseAsync(closeStatus, description, $"closed with {(int)closeStatus} (fault)"))).WaitAsync(cancellationToken);
        Log.FaultInjected(Logger, "close", targets.Length);
        return closed.Count(c => c);
    }

    /// <summary>Sends a feed-disconnect packet (code 50) with any reason code, then (by default) closes the socket.</summary>
    /// <returns>How many sockets got the packet.</returns>
    public async Task<int> SendDisconnectAsync(ushort reasonCode, int? socketId = null, bool close = true, CancellationToken cancellationToken = default)
    {
        var targets = Targets(socketId);
        var sent = await Task.WhenAll(targets.Select(s => s.DisconnectAsync(reasonCode, close, $"disconnect {reasonCode} (fault)"))).WaitAsync(cancellationToken);
        Log.FaultInjected(Logger, "disconnect packet", targets.Length);
        return sent.Count(s => s);
    }

    /// <summary>Sends <paramref name="payload"/> as one binary frame, byte for byte.</summary>
    /// <returns>How many sockets got the frame.</returns>
    public async Task<int> SendRawFrameAsync(ReadOnlyMemory<byte> payload, int? socketId = null, CancellationToken cancellationToken = default)
    {
        var targets = Targets(socketId);
        var sent = await Task.WhenAll(targets.Select(s => s.SendControlAsync(payload))).WaitAsync(cancellationToken);
        Log.FaultInjected(Logger, "raw frame", targets.Length);
        return sent.Count(s => s);
    }

    /// <summary>Sends a binary frame of <paramref name="length"/> seeded random bytes (not a valid packet sequence, in general).</summary>
    /// <returns>How many sockets got the frame.</returns>
    public Task<int> SendGarbageAsync(int length = 64, int? socketId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var garbage = new byte[length];
        lock (_stateLock)
        {
            _faultRandom.NextBytes(garbage);
        }

        return SendRawFrameAsync(garbage, socketId, cancellationToken);
    }

    /// <summary>
    /// Sends one frame holding a valid ticker packet followed by a Full packet cut after 100 of its 162 bytes (its length
    /// field still says 162), for an instrument subscribed on the socket (NSE_EQ:1333 when none).
    /// </summary>
    /// <returns>How many sockets got the frame.</returns>
    public async Task<int> SendTruncatedPacketAsync(int? socketId = null, CancellationToken cancellationToken = default)
    {
        var targets = Targets(socketId);
        var sent = await Task.WhenAll(targets.Select(s => s.SendControlAsync(s.BuildTruncatedFrame()))).WaitAsync(cancellationToken);
        Log.FaultInjected(Logger, "truncated packet", targets.Length);
        return sent.Count(s => s);
    }

    /// <summary>
    /// Makes sockets silent while keeping them open: no data is sent and nothing is read, so the peer's requests and
    /// keep-alive pings go unanswered. The simulator's own pings still go out, and since their pongs are not read either,
    /// it aborts the socket after <see cref="SimulatorOptions.PongTimeout"/>. Ended by <see cref="Resume"/>.
    /// </summary>
    /// <returns>How many sockets went silent.</returns>
    public int GoSilent(int? socketId = null)
    {
        var targets = Targets(socketId);
        foreach (var session in targets)
        {
            session.GoSilent();
        }

        Log.FaultInjected(Logger, "silence", targets.Length);
        return targets.Length;
    }

    /// <summary>Ends the silence of sockets: reading and streaming resume (ticks missed meanwhile are not replayed).</summary>
    /// <returns>How many sockets were silent and resumed.</returns>
    public int Resume(int? socketId = null)
    {
        var targets = Targets(socketId).Where(s => s.IsSilent).ToArray();
        foreach (var session in targets)
        {
            session.Resume();
        }

        return targets.Length;
    }

    /// <summary>
    /// Answers new upgrade requests with a plain HTTP <paramref name="httpStatusCode"/> (e.g. 429, as DhanHQ does for a
    /// blocked account) for <paramref name="duration"/> (<c>null</c>: until <see cref="AcceptHandshakes"/>). Open sockets are untouched.
    /// </summary>
    public void RejectHandshakes(int httpStatusCode, TimeSpan? duration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatusCode, 599);
        lock (_stateLock)
        {
            _rejectStatus = httpStatusCode;
            _rejectUntil = duration is { } d ? TimeProvider.GetUtcNow() + d : DateTimeOffset.MaxValue;
        }

        Log.FaultInjected(Logger, $"reject handshakes with {httpStatusCode}", 0);
    }

    /// <summary>Ends <see cref="RejectHandshakes"/>.</summary>
    public void AcceptHandshakes()
    {
        lock (_stateLock)
        {
            _rejectStatus = 0;
        }
    }

    /// <summary>
    /// Rejects every new connection's credentials with <paramref name="reasonCode"/> (e.g. 806 plan inactive, 807 expired),
    /// whatever they are; <c>null</c> returns to normal checking. Open sockets are untouched.
    /// </summary>
    public void SetForcedAuthFailure(ushort? reasonCode)
    {
        lock (_stateLock)
        {
            _forcedAuthFailure = reasonCode;
        }
    }

    /// <summary>Changes the credentials accepted for new connections (a token renewal); open sockets are untouched.</summary>
    public void SetCredentials(string clientId, string accessToken, string? expiredAccessToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        lock (_stateLock)
        {
            (_clientId, _accessToken, _expiredAccessToken) = (clientId, accessToken, expiredAccessToken);
        }
    }

    /// <summary>Changes the base tick rate of every instrument (ticks per second, before the hot and burst multipliers).</summary>
    public void SetTickRate(double ticksPerSecondPerInstrument)
    {
        if (!(ticksPerSecondPerInstrument > 0 && ticksPerSecondPerInstrument <= 100_000))
        {
            throw new ArgumentOutOfRangeException(nameof(ticksPerSecondPerInstrument), ticksPerSecondPerInstrument, "The tick rate must be above 0 and at most 100000 per second.");
        }

        Volatile.Write(ref _ticksPerSecond, ticksPerSecondPerInstrument);
    }

    private SimulatorSession[] Targets(int? socketId)
    {
        lock (_stateLock)
        {
            return socketId is { } id
                ? _sessions.TryGetValue(id, out var session) && !session.IsClosing ? [session] : []
                : [.. _sessions.Values.Where(s => !s.IsClosing).OrderBy(s => s.Id)];
        }
    }
}
