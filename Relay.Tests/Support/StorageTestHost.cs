using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Server.Instruments;
using Relay.Server.Storage;

namespace Relay.Tests.Support;

/// <summary>
/// A generic host with <c>AddRelayStorage</c> over a <see cref="StorageTestDirectory"/>. Disposing it and
/// creating another on the same directory is a restart.
/// </summary>
internal sealed class StorageTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private StorageTestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the host; migrates (and seeds, when <paramref name="seed"/> is given) unless told not to.</summary>
    public static async Task<StorageTestHost> CreateAsync(
        StorageTestDirectory directory,
        Action<IServiceCollection>? configure = null,
        Func<Stream>? seed = null,
        bool initialize = true,
        IDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = directory.Path,
            DisableDefaults = true,
            EnvironmentName = "Test",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        configure?.Invoke(builder.Services);
        builder.Services.AddRelayStorage(builder.Configuration, seed);
        var host = new StorageTestHost(builder.Build());
        if (initialize)
        {
            await host.Services.InitializeRelayStorageAsync(cancellationToken);
        }

        return host;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the hosted services (snapshot persistence).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _host.StartAsync(cancellationToken);
        _started = true;
    }

    /// <summary>Stops the hosted services.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _host.StopAsync(cancellationToken);
        _started = false;
    }

    /// <summary>Imports CSV text.</summary>
    public async Task<InstrumentImportResult> ImportCsvAsync(string csv, CancellationToken cancellationToken, bool prune = false)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await Get<InstrumentCsvImporter>().ImportAsync(stream, new InstrumentImportOptions { Prune = prune }, null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        _host.Dispose();
    }
}
