using Relay.Core.Contracts;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class WatchlistRepositoryTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task ReplaceAsync_ThenGet_KeepsOrderAndDropsRepeats(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var user = await host.Get<UserRepository>().CreateAsync("u", isAdmin: false, cancellationToken);
        var watchlists = host.Get<WatchlistRepository>();
        InstrumentKey[] keys =
        [
            InstrumentKey.Parse("NSE_FNO:52175"), InstrumentKey.Parse("IDX_I:13"), InstrumentKey.Parse("NSE_EQ:2885"),
            InstrumentKey.Parse("IDX_I:13"), InstrumentKey.Parse("MCX_COMM:447552"),
        ];

        var saved = await watchlists.ReplaceAsync(user.User.Id, keys, cancellationToken);
        var loaded = await watchlists.GetAsync(user.User.Id, cancellationToken);

        var expected = new[] { keys[0], keys[1], keys[2], keys[4] };
        saved.Should().Equal(expected);
        loaded.Should().Equal(expected);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ReplaceAsync_Again_OverwritesThePreviousList(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var users = host.Get<UserRepository>();
        var a = await users.CreateAsync("a", isAdmin: false, cancellationToken);
        var b = await users.CreateAsync("b", isAdmin: false, cancellationToken);
        var watchlists = host.Get<WatchlistRepository>();
        await watchlists.ReplaceAsync(a.User.Id, [InstrumentKey.Parse("NSE_EQ:1"), InstrumentKey.Parse("NSE_EQ:2")], cancellationToken);
        await watchlists.ReplaceAsync(b.User.Id, [InstrumentKey.Parse("BSE_EQ:9")], cancellationToken);

        await watchlists.ReplaceAsync(a.User.Id, [InstrumentKey.Parse("NSE_EQ:2"), InstrumentKey.Parse("NSE_EQ:3")], cancellationToken);

        (await watchlists.GetAsync(a.User.Id, cancellationToken)).Should().Equal(InstrumentKey.Parse("NSE_EQ:2"), InstrumentKey.Parse("NSE_EQ:3"));
        (await watchlists.GetAsync(b.User.Id, cancellationToken)).Should().Equal(InstrumentKey.Parse("BSE_EQ:9"));
        await watchlists.ReplaceAsync(a.User.Id, [], cancellationToken);
        (await watchlists.GetAsync(a.User.Id, cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ReplaceAsync_TooManyInstruments_ThrowsAndKeepsTheOldList(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var user = await host.Get<UserRepository>().CreateAsync("u", isAdmin: false, cancellationToken);
        var watchlists = host.Get<WatchlistRepository>();
        await watchlists.ReplaceAsync(user.User.Id, [InstrumentKey.Parse("NSE_EQ:1")], cancellationToken);
        var tooMany = Enumerable.Range(1, WatchlistRepository.MaxInstruments + 1).Select(i => new InstrumentKey(ExchangeSegment.NSE_FNO, (uint)i)).ToList();

        var act = () => watchlists.ReplaceAsync(user.User.Id, tooMany, cancellationToken);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*at most 200*");
        (await watchlists.GetAsync(user.User.Id, cancellationToken)).Should().Equal(InstrumentKey.Parse("NSE_EQ:1"));
        (await watchlists.ReplaceAsync(user.User.Id, tooMany.Take(200).ToList(), cancellationToken)).Should().HaveCount(200);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ReplaceAsync_UnknownUser_ThrowsKeyNotFound(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        var act = () => host.Get<WatchlistRepository>().ReplaceAsync(42, [InstrumentKey.Parse("NSE_EQ:1")], cancellationToken);

        await act.Should().ThrowAsync<KeyNotFoundException>();
    }
}
