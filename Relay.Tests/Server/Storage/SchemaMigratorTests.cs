using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class SchemaMigratorTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task MigrateAsync_RunTwice_AppliesEachVersionOnce(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var migrator = host.Get<SchemaMigrator>();

        var first = await migrator.MigrateAsync(cancellationToken);
        var second = await migrator.MigrateAsync(cancellationToken);

        first.Should().Be(migrator.LatestVersion);
        second.Should().Be(migrator.LatestVersion);
        await using var connection = await OpenRawAsync(directory, cancellationToken);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).ToList();
        versions.Should().Equal(Enumerable.Range(1, migrator.LatestVersion));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MigrateAsync_NewDatabase_IsInWalModeWithEveryTable(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);

        // A plain connection (no pragmas of ours) sees the mode stored in the file.
        await using var connection = await OpenRawAsync(directory, cancellationToken);
        var mode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;");
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();

        mode.Should().Be("wal");
        tables.Should().Contain(["schema_version", "instruments", "instrument_search", "instrument_rank", "feed_credentials", "market_snapshots", "users", "watchlists"]);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task OpenAsync_AnyConnection_HasForeignKeysAndBusyTimeout(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, settings: new Dictionary<string, string?> { ["Relay:Storage:BusyTimeoutMilliseconds"] = "1234" }, cancellationToken: cancellationToken);

        await using var connection = await host.Get<SqliteConnectionFactory>().OpenAsync(cancellationToken);

        (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys;")).Should().Be(1);
        (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout;")).Should().Be(1234);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MigrateAsync_FailingScript_RollsBackAndKeepsPreviousVersion(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var broken = SchemaMigrations.All.Append(new SchemaMigration(
            SchemaMigrations.All.Count + 1,
            "broken",
            "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);")).ToList();
        var migrator = new SchemaMigrator(host.Get<SqliteConnectionFactory>(), TimeProvider.System, NullLogger<SchemaMigrator>.Instance, broken);

        var act = () => migrator.MigrateAsync(cancellationToken);

        await act.Should().ThrowAsync<SqliteException>();
        await using var connection = await OpenRawAsync(directory, cancellationToken);
        (await connection.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_version")).Should().Be(SchemaMigrations.All.Count);
        (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'")).Should().Be(0);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MigrateAsync_NewVersionAdded_AppliesOnlyTheNewOne(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        var extended = SchemaMigrations.All.Append(new SchemaMigration(
            SchemaMigrations.All.Count + 1,
            "orders",
            "CREATE TABLE test_orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));")).ToList();
        var migrator = new SchemaMigrator(host.Get<SqliteConnectionFactory>(), TimeProvider.System, NullLogger<SchemaMigrator>.Instance, extended);

        var version = await migrator.MigrateAsync(cancellationToken);
        var again = await migrator.MigrateAsync(cancellationToken);

        version.Should().Be(extended.Count);
        again.Should().Be(extended.Count);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task MigrateAsync_DatabaseFromNewerBuild_RefusesToStart(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, cancellationToken: cancellationToken);
        await using (var connection = await OpenRawAsync(directory, cancellationToken))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 0)");
        }

        var act = () => host.Get<SchemaMigrator>().MigrateAsync(cancellationToken);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*version 999*newer*");
    }

    private static async Task<SqliteConnection> OpenRawAsync(StorageTestDirectory directory, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection($"Data Source={directory.DatabasePath};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
