using Relay.Core.Upstream;
using Relay.Server.Storage;

namespace Relay.Server.Trading;

/// <summary>
/// The credentials the feed is using now (the engine's <see cref="FeedCredentialStore"/>, when registered), else the
/// ones in the encrypted <see cref="CredentialRepository"/> (a row read and a decrypt per call).
/// </summary>
internal sealed class FeedBrokerCredentialsProvider : IBrokerCredentialsProvider
{
    private readonly IServiceProvider _services;
    private readonly CredentialRepository _repository;

    public FeedBrokerCredentialsProvider(IServiceProvider services, CredentialRepository repository)
    {
        _services = services;
        _repository = repository;
    }

    public async ValueTask<FeedCredentials?> GetAsync(CancellationToken cancellationToken) =>
        (_services.GetService(typeof(FeedCredentialStore)) as FeedCredentialStore)?.Current
        ?? await _repository.LoadAsync(cancellationToken);
}
