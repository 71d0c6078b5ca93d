using Microsoft.Extensions.Options;
using Relay.Server.Storage;

namespace Relay.Server.Auth;

/// <summary>
/// Before the server listens: loads or generates the admin key (printing a generated one once, as notebook servers
/// do with their tokens) and, for a token-less loopback start, finds or creates the local user.
/// </summary>
internal sealed partial class AuthStartup(
    AdminKeyStore adminKey,
    LocalUserAccount localUser,
    UserRepository users,
    StoragePaths paths,
    StartupConsole console,
    IOptions<AuthOptions> options,
    ILogger<AuthStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        var generated = adminKey.Initialize(auth.AdminKey, paths.DataDirectory);
        switch (adminKey.Source)
        {
            case AdminKeySource.Generated:
                // Straight to the terminal, never through the loggers: log sinks are kept and shipped.
                await console.Writer.WriteLineAsync(
                    $"""

                    Relay generated an admin key. It is shown this once; it is kept in {adminKey.FilePath}
                    Send it in the {AuthSchemes.AdminKeyHeader} header to call /api/admin/*:

                        {generated}

                    """.AsMemory(),
                    cancellationToken);
                await console.Writer.FlushAsync(cancellationToken);
                LogGenerated(logger, adminKey.FilePath!);
                break;
            case AdminKeySource.File:
                LogFromFile(logger, adminKey.FilePath!);
                if (adminKey.FileIsExposed())
                {
                    LogFileExposed(logger, adminKey.FilePath!);
                }

                break;
            default:
                LogConfigured(logger);
                break;
        }

        if (auth.RequireUserTokens)
        {
            LogTokensRequired(logger);
            return;
        }

        await localUser.InitializeAsync(users, cancellationToken);
        LogLocalUser(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Generated an admin key (printed above, once) and saved it in {Path}; set Relay:Auth:AdminKey to choose your own")]
    private static partial void LogGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Admin API: the admin key is in {Path} (header X-Relay-Admin-Key)")]
    private static partial void LogFromFile(ILogger logger, string path);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Admin API: using the configured admin key (Relay:Auth:AdminKey)")]
    private static partial void LogConfigured(ILogger logger);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "The admin key file {Path} can be read by other users: chmod 600 it")]
    private static partial void LogFileExposed(ILogger logger, string path);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "User tokens are required for the hub, /ws and user endpoints (Relay:Auth:RequireUserTokens)")]
    private static partial void LogTokensRequired(ILogger logger);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Single-user mode: loopback calls without a token act as the local user; create users with tokens through POST /api/admin/users")]
    private static partial void LogLocalUser(ILogger logger);
}
