using Microsoft.Extensions.Options;
using Relay.Core.Upstream;
using Relay.Server.Storage;

namespace Relay.Server.Hosting;

/// <summary>
/// Puts broker credentials stored through the admin API into the feed's credential store at start, so
/// they win over the configured ones (the admin API is the deliberate, later act). Simulator mode ignores
/// them: the embedded simulator has its own.
/// </summary>
internal sealed partial class StoredCredentialsLoader(
    CredentialRepository repository,
    FeedCredentialStore store,
    IOptions<FeedOptions> options,
    ILogger<StoredCredentialsLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode != FeedSource.Dhan)
        {
            return;
        }

        var stored = await repository.LoadAsync(cancellationToken);
        if (stored is not null)
        {
            store.Set(stored);
            LogLoaded(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Using the DhanHQ credentials stored through the admin API")]
    private static partial void LogLoaded(ILogger logger);
}
