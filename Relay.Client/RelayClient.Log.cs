using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;

namespace Relay.Client;

public sealed partial class RelayClient
{
    /// <summary>Event ids 7100-7199: Relay.Client. Never logs tokens, connection ids or URLs with a query.</summary>
    private static partial class Log
    {
        [LoggerMessage(7100, LogLevel.Information, "Connecting to {HubUrl} ({Protocol})")]
        public static partial void Connecting(ILogger logger, string hubUrl, RelayProtocol protocol);

        [LoggerMessage(7101, LogLevel.Warning, "Could not connect to the relay")]
        public static partial void ConnectFailed(ILogger logger, Exception exception);

        [LoggerMessage(7102, LogLevel.Debug, "Connection state {Previous} -> {Current}")]
        public static partial void StateChanged(ILogger logger, RelayConnectionState previous, RelayConnectionState current);

        [LoggerMessage(7103, LogLevel.Warning, "Connection to the relay lost; reconnecting")]
        public static partial void ConnectionLost(ILogger logger, Exception? exception);

        [LoggerMessage(7104, LogLevel.Information, "Reconnected to the relay; replaying subscriptions")]
        public static partial void Reconnected(ILogger logger);

        [LoggerMessage(7105, LogLevel.Warning, "Connection to the relay closed; starting again with the retry policy")]
        public static partial void ConnectionClosed(ILogger logger, Exception? exception);

        [LoggerMessage(7106, LogLevel.Information, "Restart attempt {Attempt} failed: {ErrorType}: {ErrorMessage}")]
        public static partial void RestartFailed(ILogger logger, int attempt, string errorType, string errorMessage);

        [LoggerMessage(7107, LogLevel.Information, "Connected again after {Attempts} restart attempt(s); replaying subscriptions")]
        public static partial void Restarted(ILogger logger, int attempts);

        [LoggerMessage(7108, LogLevel.Error, "Retry policy gave up after {Attempts} restart attempt(s); the client stays disconnected until ConnectAsync")]
        public static partial void RestartGaveUp(ILogger logger, int attempts);

        [LoggerMessage(7109, LogLevel.Information, "Sent {Count} recorded subscription(s) on the new connection; {Rejected} rejected")]
        public static partial void Resubscribed(ILogger logger, int count, int rejected);

        [LoggerMessage(7110, LogLevel.Warning, "The relay rejected {Instrument} in {Mode} mode: {Reason}")]
        public static partial void SubscriptionRejected(ILogger logger, InstrumentKey instrument, FeedMode mode, string? reason);

        [LoggerMessage(7111, LogLevel.Error, "The relay failed the subscription replay; the rest is retried on the next connection")]
        public static partial void ReplayFailed(ILogger logger, Exception exception);

        [LoggerMessage(7112, LogLevel.Debug, "Subscription replay interrupted ({ErrorType}); the next connection replays again")]
        public static partial void ReplayInterrupted(ILogger logger, string errorType);

        [LoggerMessage(7113, LogLevel.Debug, "Not connected: recorded {Count} subscription(s) in {Mode} mode for the next connection")]
        public static partial void SubscribeDeferred(ILogger logger, int count, FeedMode mode);

        [LoggerMessage(7114, LogLevel.Information, "Subscribe interrupted ({ErrorType}); {Count} instrument(s) pending until the next connection")]
        public static partial void SubscribeInterrupted(ILogger logger, int count, string errorType);

        [LoggerMessage(7115, LogLevel.Debug, "Unsubscribe interrupted ({ErrorType}); the next connection starts without it")]
        public static partial void UnsubscribeInterrupted(ILogger logger, string errorType);

        [LoggerMessage(7116, LogLevel.Error, "A handler of {Callback} threw; the message was still delivered to the others")]
        public static partial void HandlerFailed(ILogger logger, string callback, Exception exception);

        [LoggerMessage(7117, LogLevel.Warning, "Ignored a {Callback} message with an invalid instrument: {Error}")]
        public static partial void InvalidInstrument(ILogger logger, string callback, string error);

        [LoggerMessage(7118, LogLevel.Information, "Feed status {State} ({Source})")]
        public static partial void FeedStatusReceived(ILogger logger, string state, string source);

        [LoggerMessage(7119, LogLevel.Debug, "Stopping the connection failed")]
        public static partial void StopFailed(ILogger logger, Exception exception);
    }
}
