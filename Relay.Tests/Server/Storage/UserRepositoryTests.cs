using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class UserRepositoryTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task CreateAsync_Always_ReturnsTokenOnceAndStoresOnlyItsHash(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Get<UserRepository>();

        var created = await users.CreateAsync("  desk-1 ", isAdmin: false, cancellationToken);

        created.Token.Should().StartWith("rly_").And.HaveLength(4 + 43);
        created.User.Name.Should().Be("desk-1");
        created.ToString().Should().NotContain(created.Token);
        await using var connection = new SqliteConnection($"Data Source={directory.DatabasePath};Pooling=False");
        var stored = await connection.QuerySingleAsync<string>("SELECT token_hash FROM users WHERE id = @Id", new { created.User.Id });
        stored.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))));
        var everything = string.Join('|', (await connection.QueryAsync("SELECT * FROM users")).Select(r => string.Join(',', ((IDictionary<string, object>)r).Values)));
        everything.Should().NotContain(created.Token);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CreateAsync_TwoUsers_GetDifferentTokens(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Get<UserRepository>();

        var a = await users.CreateAsync("a", isAdmin: true, cancellationToken);
        var b = await users.CreateAsync("b", isAdmin: false, cancellationToken);

        a.Token.Should().NotBe(b.Token);
        (await users.FindActiveByTokenAsync(a.Token, cancellationToken)).Should().Be(a.User);
        (await users.FindActiveByTokenAsync(b.Token, cancellationToken)).Should().Be(b.User);
        (await users.FindActiveByTokenAsync(a.Token + "x", cancellationToken)).Should().BeNull();
        (await users.FindActiveByTokenAsync("", cancellationToken)).Should().BeNull();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RevokeAsync_ActiveUser_TokenNoLongerAuthenticates(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Get<UserRepository>();
        var created = await users.CreateAsync("desk-2", isAdmin: false, cancellationToken);

        (await users.RevokeAsync(created.User.Id, cancellationToken)).Should().BeTrue();

        (await users.FindActiveByTokenAsync(created.Token, cancellationToken)).Should().BeNull();
        (await users.RevokeAsync(created.User.Id, cancellationToken)).Should().BeFalse("already revoked");
        (await users.RevokeAsync(9999, cancellationToken)).Should().BeFalse("no such user");
        var listed = (await users.ListAsync(cancellationToken)).Single();
        listed.IsActive.Should().BeFalse();
        listed.RevokedAt.Should().NotBeNull();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ListAsync_SeveralUsers_ReturnsAllInCreationOrder(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Get<UserRepository>();
        await users.CreateAsync("admin", isAdmin: true, cancellationToken);
        await users.CreateAsync("viewer", isAdmin: false, cancellationToken);

        var list = await users.ListAsync(cancellationToken);

        list.Select(u => (u.Name, u.IsAdmin, u.IsActive)).Should().Equal(("admin", true, true), ("viewer", false, true));
        (await users.GetAsync(list[1].Id, cancellationToken)).Should().Be(list[1]);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("a-name-that-is-far-too-long-for-a-user-label-because-it-goes-past-64-characters")]
    [CancelAfter(10_000)]
    public async Task CreateAsync_BadName_Throws(string name, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var act = () => host.Get<UserRepository>().CreateAsync(name, isAdmin: false, cancellationToken);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
