using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relay.Server.Auth;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>User tokens checked against stored hashes, remembered briefly, forgotten on revocation.</summary>
[CancelAfter(10_000)]
internal sealed class UserTokenValidatorTests
{
    [Test]
    public async Task Validate_KnownToken_ReturnsItsUser_UnknownReturnsNull(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Services.GetRequiredService<UserRepository>();
        var created = await users.CreateAsync("ann", isAdmin: false, cancellationToken);
        var validator = new UserTokenValidator(users, TimeProvider.System, Options.Create(new AuthOptions()));

        (await validator.ValidateAsync(created.Token, cancellationToken))!.Id.Should().Be(created.User.Id);
        (await validator.ValidateAsync(created.Token + "x", cancellationToken)).Should().BeNull();
        (await validator.ValidateAsync(new string('a', 600), cancellationToken)).Should().BeNull();
    }

    [Test]
    public async Task Validate_RevokedBehindTheCachesBack_IsRefusedOnceTheCacheExpires(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Services.GetRequiredService<UserRepository>();
        var created = await users.CreateAsync("bea", isAdmin: false, cancellationToken);
        var time = new FakeTimeProvider();
        var validator = new UserTokenValidator(users, time, Options.Create(new AuthOptions { TokenCacheDuration = TimeSpan.FromSeconds(30) }));
        await validator.ValidateAsync(created.Token, cancellationToken);

        await users.RevokeAsync(created.User.Id, cancellationToken); // Not through the admin API: the cache is not told.

        (await validator.ValidateAsync(created.Token, cancellationToken)).Should().NotBeNull("remembered for 30 s");
        time.Advance(TimeSpan.FromSeconds(31));
        (await validator.ValidateAsync(created.Token, cancellationToken)).Should().BeNull();
    }

    [Test]
    public async Task Forget_RefusesTheUserAtOnce_EvenWhenCached(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Services.GetRequiredService<UserRepository>();
        var revoked = await users.CreateAsync("cy", isAdmin: false, cancellationToken);
        var kept = await users.CreateAsync("di", isAdmin: false, cancellationToken);
        var validator = new UserTokenValidator(users, new FakeTimeProvider(), Options.Create(new AuthOptions()));
        await validator.ValidateAsync(revoked.Token, cancellationToken);
        await validator.ValidateAsync(kept.Token, cancellationToken);

        validator.Forget(revoked.User.Id);

        (await validator.ValidateAsync(revoked.Token, cancellationToken)).Should().BeNull("forgotten, and the database still says active");
        (await validator.ValidateAsync(kept.Token, cancellationToken)).Should().NotBeNull();
    }
}
