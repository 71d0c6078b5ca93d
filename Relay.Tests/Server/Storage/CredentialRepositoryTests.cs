using System.Text;
using Microsoft.Data.Sqlite;
using Relay.Core.Upstream;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class CredentialRepositoryTests
{
    private const string Token = "eyJhbGciOiJIUzUxMiJ9.secret-access-token-9f8e7d";
    private const string ClientId = "1100012345";

    [Test]
    [CancelAfter(15_000)]
    public async Task StoreAsync_ThenLoadAfterRestart_ReturnsTheSameCredentials(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using (var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken))
        {
            var repository = host.Get<CredentialRepository>();
            (await repository.HasCredentialsAsync(cancellationToken)).Should().BeFalse();
            await repository.StoreAsync(new FeedCredentials(ClientId, Token), cancellationToken);
            (await repository.HasCredentialsAsync(cancellationToken)).Should().BeTrue();
        }

        await using var restarted = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var loaded = await restarted.Get<CredentialRepository>().LoadAsync(cancellationToken);

        loaded.Should().Be(new FeedCredentials(ClientId, Token));
        Directory.EnumerateFiles(Path.Combine(directory.Path, "data", "keys"), "*.xml").Should().NotBeEmpty("the key ring lives beside the database");
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task StoreAsync_Always_KeepsTheTokenOutOfTheDatabaseFiles(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using (var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken))
        {
            await host.Get<CredentialRepository>().StoreAsync(new FeedCredentials(ClientId, Token), cancellationToken);
        }

        SqliteConnection.ClearAllPools();
        var bytes = Directory.EnumerateFiles(Path.Combine(directory.Path, "data"), "relay.db*").SelectMany(File.ReadAllBytes).ToArray();
        var text = Encoding.Latin1.GetString(bytes);

        bytes.Should().NotBeEmpty();
        text.Should().NotContain("secret-access-token").And.NotContain(ClientId);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task StoreAsync_Twice_ReplacesTheFirst(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var repository = host.Get<CredentialRepository>();

        await repository.StoreAsync(new FeedCredentials(ClientId, Token), cancellationToken);
        await repository.StoreAsync(new FeedCredentials("2200054321", "new-token"), cancellationToken);

        (await repository.LoadAsync(cancellationToken)).Should().Be(new FeedCredentials("2200054321", "new-token"));
        (await repository.GetStatusAsync(cancellationToken)).UpdatedAt.Should().NotBeNull();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task LoadAsync_KeyRingLost_ReturnsNullInsteadOfThrowing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using (var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken))
        {
            await host.Get<CredentialRepository>().StoreAsync(new FeedCredentials(ClientId, Token), cancellationToken);
        }

        Directory.Delete(Path.Combine(directory.Path, "data", "keys"), recursive: true);
        await using var restarted = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var repository = restarted.Get<CredentialRepository>();

        (await repository.HasCredentialsAsync(cancellationToken)).Should().BeTrue();
        (await repository.LoadAsync(cancellationToken)).Should().BeNull();
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task DeleteAsync_Stored_RemovesThem(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var repository = host.Get<CredentialRepository>();
        await repository.StoreAsync(new FeedCredentials(ClientId, Token), cancellationToken);

        (await repository.DeleteAsync(cancellationToken)).Should().BeTrue();

        (await repository.LoadAsync(cancellationToken)).Should().BeNull();
        (await repository.HasCredentialsAsync(cancellationToken)).Should().BeFalse();
        (await repository.DeleteAsync(cancellationToken)).Should().BeFalse();
    }

    [TestCase("", Token)]
    [TestCase(ClientId, " ")]
    [CancelAfter(15_000)]
    public async Task StoreAsync_MissingPart_Throws(string clientId, string token, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var act = () => host.Get<CredentialRepository>().StoreAsync(new FeedCredentials(clientId, token), cancellationToken);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().NotContain(Token);
    }
}
