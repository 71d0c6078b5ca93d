using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Server.Instruments;

namespace Relay.Server.Storage;

/// <summary>Registers Relay's SQLite storage and the instrument master.</summary>
internal static class StorageServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: keys are shared by every Relay process on this data folder.</summary>
    public const string DataProtectionApplicationName = "Relay";

    /// <summary>
    /// Adds <see cref="StorageOptions"/> (section <c>Relay:Storage</c>, validated at start), the connection
    /// factory, migrations, the repositories, Data Protection with its key ring beside the database, the
    /// instrument importer and search, and the snapshot persistence service. Call
    /// <see cref="StorageServiceProviderExtensions.InitializeRelayStorageAsync"/> after building the app.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>Relay:Storage</c> section.</param>
    /// <param name="bundledInstruments">
    /// Opens the CSV seeded into an empty instrument master on first start, or <c>null</c> for no seeding.
    /// </param>
    public static IServiceCollection AddRelayStorage(this IServiceCollection services, IConfiguration configuration, Func<Stream>? bundledInstruments = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StoragePaths.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Path,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.TryAddSingleton(sp => new SqliteConnectionFactory(
            sp.GetRequiredService<StoragePaths>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.BusyTimeoutMilliseconds));
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<StorageInitializer>();

        // Equivalent to PersistKeysToFileSystem, deferred until the content root and options are known.
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(sp.GetRequiredService<StoragePaths>().KeysDirectory),
                sp.GetRequiredService<ILoggerFactory>())));

        services.TryAddSingleton<CredentialRepository>();
        services.TryAddSingleton<SnapshotRepository>();
        services.TryAddSingleton<UserRepository>();
        services.TryAddSingleton<WatchlistRepository>();

        services.TryAddSingleton<InstrumentCache>();
        services.TryAddSingleton<InstrumentCsvImporter>();
        services.TryAddSingleton<InstrumentSearch>();
        services.TryAddSingleton<InstrumentSeeder>();
        if (bundledInstruments is not null)
        {
            services.TryAddSingleton(new InstrumentSeedSource(bundledInstruments));
        }

        services.AddHostedService<SnapshotPersistenceService>();
        return services;
    }
}
