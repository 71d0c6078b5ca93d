using Relay.Core.Contracts;
using Relay.Core.Upstream;

namespace Relay.Server.Hubs;

/// <summary>Maps the engine's <see cref="FeedStatus"/> to the public <see cref="FeedStatusMessage"/>.</summary>
internal static class FeedStatusMessages
{
    /// <summary>The message for <paramref name="status"/>.</summary>
    public static FeedStatusMessage From(FeedStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new FeedStatusMessage
        {
            State = status.State.ToString(),
            Reason = status.Reason,
            Source = status.Source,
            Since = status.Since.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>The status clients get when Relay shuts down.</summary>
    public static FeedStatus Stopping(string source, DateTimeOffset now) => new(FeedState.Stopped, "Relay is shutting down.", source, now);
}
