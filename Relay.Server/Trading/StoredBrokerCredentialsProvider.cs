using Relay.Core.Upstream;
using Relay.Server.Storage;

namespace Relay.Server.Trading;

/// <summary>Reads the broker credentials from <see cref="CredentialRepository"/> on every call (a row read and a decrypt).</summary>
internal sealed class StoredBrokerCredentialsProvider : IBrokerCredentialsProvider
{
    private readonly CredentialRepository _repository;

    public StoredBrokerCredentialsProvider(CredentialRepository repository) => _repository = repository;

    public async ValueTask<FeedCredentials?> GetAsync(CancellationToken cancellationToken) => await _repository.LoadAsync(cancellationToken);
}
