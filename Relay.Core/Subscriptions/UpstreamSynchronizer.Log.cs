using Microsoft.Extensions.Logging;

namespace Relay.Core.Subscriptions;

/// <summary>Log messages of the upstream synchronizer: event ids 3100-3199.</summary>
internal sealed partial class UpstreamSynchronizer
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Flushed {Changes} subscription changes in {Requests} upstream requests")]
    private partial void LogFlushed(int changes, int requests);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Upstream socket {Socket} session started: replayed {Instruments} instruments in {Requests} requests")]
    private partial void LogReplayed(int socket, int instruments, int requests);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Upstream socket {Socket} session ended: its subscriptions are gone until the next session")]
    private partial void LogSessionEnded(int socket);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Reconciliation found {Drift} upstream subscriptions out of step with the desired set and is repairing them")]
    private partial void LogDriftFound(int drift);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Upstream socket {Socket} not connected: request code {Code} for {Instruments} instruments not sent")]
    private partial void LogSendNotConnected(int socket, byte code, int instruments);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Sending on upstream socket {Socket} threw {ExceptionType}; reconciliation will repair")]
    private partial void LogSendThrew(int socket, string exceptionType);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Upstream socket {Socket} would exceed {Cap} instruments: held back {Deferred} subscribes for reconciliation")]
    private partial void LogCapacityDeferred(int socket, int deferred, int cap);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Subscription {Loop} failed; the loop continues")]
    private partial void LogLoopFailed(string loop, Exception exception);
}
