using Relay.Server.Instruments;

namespace Relay.Server.Storage;

/// <summary>
/// Prepares storage once per process: applies schema migrations, then seeds the instrument master from the
/// bundled sample when it is empty. Idempotent and safe to call from several places; callers after the first
/// await the same work.
/// </summary>
internal sealed class StorageInitializer
{
    private readonly SchemaMigrator _migrator;
    private readonly InstrumentSeeder _seeder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _initialized;

    public StorageInitializer(SchemaMigrator migrator, InstrumentSeeder seeder)
    {
        _migrator = migrator;
        _seeder = seeder;
    }

    /// <summary>True once <see cref="InitializeAsync"/> has completed.</summary>
    public bool IsInitialized => _initialized;

    /// <summary>Migrates and seeds; a no-op after the first success.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            await _migrator.MigrateAsync(cancellationToken);
            await _seeder.SeedIfEmptyAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
