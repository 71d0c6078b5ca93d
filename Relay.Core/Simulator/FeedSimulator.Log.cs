using Microsoft.Extensions.Logging;

namespace Relay.Core.Simulator;

/// <summary>Log messages of the simulator (event ids 7000-7099). None carries a token, a client id or a URL.</summary>
public sealed partial class FeedSimulator
{
    internal static partial class Log
    {
        [LoggerMessage(7000, LogLevel.Information, "Feed simulator listening on 127.0.0.1:{Port}")]
        public static partial void Started(ILogger logger, int port);

        [LoggerMessage(7001, LogLevel.Information, "Feed simulator on port {Port} stopped")]
        public static partial void Stopped(ILogger logger, int port);

        [LoggerMessage(7002, LogLevel.Debug, "Simulator socket {SocketId} opened ({OpenSockets} open)")]
        public static partial void SocketOpened(ILogger logger, int socketId, int openSockets);

        [LoggerMessage(7003, LogLevel.Debug, "Simulator socket {SocketId} closed: {Reason}")]
        public static partial void SocketClosed(ILogger logger, int socketId, string reason);

        [LoggerMessage(7004, LogLevel.Information, "Simulator answered an upgrade request with HTTP {Status}: {Problem}")]
        public static partial void HandshakeRejected(ILogger logger, int status, string problem);

        [LoggerMessage(7005, LogLevel.Information, "Simulator rejected a connection's credentials with disconnect reason {Reason}")]
        public static partial void AuthRejected(ILogger logger, ushort reason);

        [LoggerMessage(7006, LogLevel.Warning, "Simulator recorded a {Violation} violation on socket {SocketId}: {Details}")]
        public static partial void Violation(ILogger logger, SimulatorViolationType violation, int socketId, string details);

        [LoggerMessage(7007, LogLevel.Warning, "Simulator dropped its oldest socket {SocketId} with 805: socket {NewSocketId} exceeded the connection limit")]
        public static partial void Evicted(ILogger logger, int socketId, int newSocketId);

        [LoggerMessage(7008, LogLevel.Information, "Simulator fault injected: {Fault} on {Sockets} socket(s)")]
        public static partial void FaultInjected(ILogger logger, string fault, int sockets);

        [LoggerMessage(7009, LogLevel.Debug, "Simulator socket {SocketId} failed: {Error}")]
        public static partial void SocketError(ILogger logger, int socketId, string error);

        [LoggerMessage(7011, LogLevel.Error, "Simulator socket {SocketId} failed unexpectedly")]
        public static partial void SocketFailed(ILogger logger, int socketId, Exception exception);

        [LoggerMessage(7010, LogLevel.Warning, "Simulator failed to accept a connection: {Error}")]
        public static partial void AcceptFailed(ILogger logger, string error);
    }
}
