using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;

namespace Relay.Server.Trading;

internal sealed partial class PaperBroker
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Paper order {OrderId} of user {UserId} on {Instrument}: {Status}")]
    private partial void LogPlaced(long userId, long orderId, InstrumentKey instrument, string status);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Paper order {OrderId} of user {UserId} modified: {Status}")]
    private partial void LogModified(long userId, long orderId, string status);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Paper order {OrderId} of user {UserId} cancelled")]
    private partial void LogCancelled(long userId, long orderId);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Could not push the update of order {OrderId} to user {UserId}")]
    private partial void LogPublishFailed(Exception exception, long userId, long orderId);
}
