using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relay.Bench.Load.Baseline;

/// <summary>
/// The <c>baseline-server</c> sub-command: the plain SignalR server a user would write by hand (JSON + MessagePack,
/// one group per instrument, one loop sending each tick to its group), to measure Relay against.
/// </summary>
internal static class BaselineServer
{
    /// <summary>Runs until the process is stopped; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine options)
    {
        var url = options.Required("urls");
        var feed = new Uri(options.Required("feed"));
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton(new BaselineOptions(feed));
        builder.Services.AddSingleton<BaselineUpstream>();
        builder.Services.AddHostedService(static sp => sp.GetRequiredService<BaselineUpstream>());
        await using var app = builder.Build();
        app.MapHub<BaselineHub>("/hubs/market");
        await app.RunAsync();
        return 0;
    }
}
