using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;

namespace Relay.Core.Upstream;

/// <summary>Log messages of the upstream pool, event ids 1050-1099.</summary>
internal sealed partial class UpstreamPool
{
    private static partial class Log
    {
        [LoggerMessage(1050, LogLevel.Information, "Upstream feed: {State} ({Reason})")]
        public static partial void StatusChanged(ILogger logger, FeedState state, string reason);

        [LoggerMessage(1051, LogLevel.Error, "Upstream feed: a StatusChanged handler failed")]
        public static partial void StatusHandlerFailed(ILogger logger, Exception exception);
    }
}
