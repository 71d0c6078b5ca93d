using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Upstream;

/// <summary>Log messages of the upstream sockets, event ids 1000-1049. Never a token, a client id or a URL with a query.</summary>
internal sealed partial class UpstreamConnection
{
    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Debug, "Upstream socket {Socket}: connecting to {Endpoint} (attempt {Attempt})")]
        public static partial void Connecting(ILogger logger, int socket, string endpoint, long attempt);

        [LoggerMessage(1001, LogLevel.Information, "Upstream socket {Socket}: connected to {Endpoint}")]
        public static partial void Connected(ILogger logger, int socket, string endpoint);

        [LoggerMessage(1002, LogLevel.Warning, "Upstream socket {Socket}: connecting to {Endpoint} failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, int socket, string endpoint, string reason);

        [LoggerMessage(1003, LogLevel.Warning, "Upstream socket {Socket}: session ended after {Duration}: {Reason}")]
        public static partial void SessionEnded(ILogger logger, int socket, TimeSpan duration, string reason);

        [LoggerMessage(1004, LogLevel.Information, "Upstream socket {Socket}: reconnecting in {Delay} (retry {Retry})")]
        public static partial void RetryScheduled(ILogger logger, int socket, TimeSpan delay, int retry);

        [LoggerMessage(1005, LogLevel.Error, "Upstream socket {Socket}: {Reason}; not retrying for {Backoff} unless new credentials are set")]
        public static partial void CredentialsRejected(ILogger logger, int socket, string reason, TimeSpan backoff);

        [LoggerMessage(1006, LogLevel.Error, "Upstream socket {Socket}: evicted: {Reason}; not retrying for {Backoff}. Check what else uses this DhanHQ account's feed")]
        public static partial void Evicted(ILogger logger, int socket, string reason, TimeSpan backoff);

        [LoggerMessage(1007, LogLevel.Warning, "Upstream socket {Socket}: no DhanHQ credentials; waiting for them to be set")]
        public static partial void NoCredentials(ILogger logger, int socket);

        [LoggerMessage(1008, LogLevel.Information, "Upstream socket {Socket}: credentials changed; reconnecting with the new ones")]
        public static partial void CredentialsChanged(ILogger logger, int socket);

        [LoggerMessage(1009, LogLevel.Warning, "Upstream socket {Socket}: nothing received for {StaleAfter} (no frame, no ping, no pong); the socket is dead, reconnecting")]
        public static partial void Stale(ILogger logger, int socket, TimeSpan staleAfter);

        [LoggerMessage(1010, LogLevel.Warning, "Upstream socket {Socket}: {Count} malformed packet(s) skipped in a frame (first: {Error}); further ones this session are only counted")]
        public static partial void MalformedPackets(ILogger logger, int socket, int count, DecodeError error);

        [LoggerMessage(1011, LogLevel.Debug, "Upstream socket {Socket}: ignored an unexpected text frame of {Length} bytes")]
        public static partial void TextFrameIgnored(ILogger logger, int socket, int length);

        [LoggerMessage(1012, LogLevel.Warning, "Upstream socket {Socket}: the feed sent disconnect {Code}: {Meaning}")]
        public static partial void DisconnectPacket(ILogger logger, int socket, ushort code, string meaning);

        [LoggerMessage(1013, LogLevel.Information, "Upstream socket {Socket}: sending the disconnect request and closing")]
        public static partial void Closing(ILogger logger, int socket);

        [LoggerMessage(1014, LogLevel.Debug, "Upstream socket {Socket}: the close handshake did not complete ({Error}); aborted")]
        public static partial void CloseIncomplete(ILogger logger, int socket, string error);

        [LoggerMessage(1015, LogLevel.Error, "Upstream socket {Socket}: the session listener failed")]
        public static partial void SessionListenerFailed(ILogger logger, int socket, Exception exception);

        [LoggerMessage(1016, LogLevel.Error, "Upstream socket {Socket}: applying a frame failed; the rest of the frame was dropped")]
        public static partial void SinkFailed(ILogger logger, int socket, Exception exception);

        [LoggerMessage(1017, LogLevel.Information, "Upstream socket {Socket}: state {State} ({Reason})")]
        public static partial void StateChanged(ILogger logger, int socket, FeedState state, string reason);

        [LoggerMessage(1018, LogLevel.Warning, "Upstream socket {Socket}: dropped a message larger than {MaxBytes} bytes")]
        public static partial void OversizedMessage(ILogger logger, int socket, int maxBytes);

        [LoggerMessage(1019, LogLevel.Error, "Upstream socket {Socket}: unexpected error in the connection attempt")]
        public static partial void UnexpectedError(ILogger logger, int socket, Exception exception);

        [LoggerMessage(1020, LogLevel.Information, "Upstream socket {Socket}: stopped")]
        public static partial void Stopped(ILogger logger, int socket);

        [LoggerMessage(1021, LogLevel.Error, "Upstream socket {Socket}: a StateChanged handler failed")]
        public static partial void StateHandlerFailed(ILogger logger, int socket, Exception exception);
    }
}
