using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Relay.Core.Upstream;

namespace Relay.Server.Hosting;

/// <summary>The first log lines a new user reads: where to point a browser, and which feed Relay is on.</summary>
internal static partial class StartupBanner
{
    public static void Register(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Relay");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogOpen(logger, address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
            }

            var feed = app.Services.GetRequiredService<IOptions<FeedOptions>>().Value;
            if (feed.Mode == FeedSource.Simulator)
            {
                LogSimulator(logger);
            }
            else
            {
                LogDhan(logger, UpstreamRedaction.Endpoint(new Uri(feed.Url)));
            }
        });
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Relay is running: open {Address} in a browser (hub at /hubs/market)")]
    private static partial void LogOpen(ILogger logger, string address);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Feed: the built-in DhanHQ simulator (no credentials needed; set Relay:Feed:Mode=Dhan for the real feed)")]
    private static partial void LogSimulator(ILogger logger);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Feed: DhanHQ at {Endpoint}")]
    private static partial void LogDhan(ILogger logger, string endpoint);
}
