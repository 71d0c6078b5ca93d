using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Server.Auth;

namespace Relay.Tests.Support;

/// <summary>
/// The real Relay (its <c>Program</c>, every registration and middleware) on Kestrel at 127.0.0.1, port 0, with a
/// temporary data folder, the built-in simulator, a known admin key, every log entry recorded and the startup console
/// captured. Shared by the server's end-to-end tests.
/// </summary>
internal sealed class RelayAppHost : IAsyncDisposable
{
    /// <summary>The admin key configured by default.</summary>
    public const string TestAdminKey = "rly_admin_test-key-0123456789abcdefghijklmnop";

    private readonly Factory _factory;
    private readonly bool _ownsDataDirectory;

    private RelayAppHost(Factory factory, string dataDirectory, bool ownsDataDirectory, RelayAppLogs logs, StringWriter console)
    {
        _factory = factory;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        Logs = logs;
        Console = console;
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUri = new Uri(addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The data folder (database, keys, admin-key file).</summary>
    public string DataDirectory { get; }

    /// <summary>Every log entry, all levels the configuration enables.</summary>
    public RelayAppLogs Logs { get; }

    /// <summary>What Relay printed to its startup console (not the logs).</summary>
    public StringWriter Console { get; }

    /// <summary>
    /// Starts Relay. <paramref name="settings"/> override configuration keys (<c>Relay:Auth:RequireUserTokens</c>...);
    /// a <c>null</c> value removes a default (e.g. <c>Relay:Auth:AdminKey</c>, to have one generated). Without
    /// <paramref name="dataDirectory"/> a temporary one is created and deleted on dispose.
    /// </summary>
    public static Task<RelayAppHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? dataDirectory = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "relay-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Relay:Storage:Path"] = Path.Combine(dataDirectory, "relay.db"),
            ["Relay:Feed:Mode"] = "Simulator",
            ["Relay:Auth:AdminKey"] = TestAdminKey,
            ["Relay:Broadcast:ShutdownGrace"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = new RelayAppLogs();
        var console = new StringWriter();
        var factory = new Factory(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!), logs, console, services);
        factory.UseKestrel();

        // StartServer blocks until Relay listens (or throws why it did not).
        return Task.Run(() =>
        {
            try
            {
                factory.StartServer();

                // Program may also end without running (a refused start): then nothing listens.
                if (factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Count is null or 0)
                {
                    throw new InvalidOperationException("Relay ended without listening.");
                }
            }
            catch (Exception ex)
            {
                factory.Dispose();
                if (owns)
                {
                    DeleteDirectory(dataDirectory);
                }

                // What Relay logged says why (a refused start returns from Program without an exception of its own).
                throw new InvalidOperationException("Relay did not start. Its log:" + Environment.NewLine + logs.AllText(), ex);
            }

            return new RelayAppHost(factory, dataDirectory, owns, logs, console);
        });
    }

    /// <summary>An HTTP client for <see cref="BaseUri"/>, without credentials.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An HTTP client sending <paramref name="token"/> as <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateUserClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An HTTP client sending the admin key (<paramref name="adminKey"/>, by default <see cref="TestAdminKey"/>).</summary>
    public HttpClient CreateAdminClient(string adminKey = TestAdminKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(AuthSchemes.AdminKeyHeader, adminKey);
        return client;
    }

    /// <summary>Creates a user through the admin API; returns its id and token.</summary>
    public async Task<(long Id, string Token)> CreateUserAsync(string name, CancellationToken cancellationToken)
    {
        using var admin = CreateAdminClient();
        using var response = await admin.PostAsJsonAsync("/api/admin/users", new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedUser>(cancellationToken);
        return (created!.Id, created.Token);
    }

    /// <summary>A SignalR connection to the hub (WebSockets, JSON), not started; <paramref name="token"/> goes in the Authorization header.</summary>
    public HubConnection CreateHubConnection(string? token = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseUri, MarketHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (10 s).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_ownsDataDirectory)
        {
            DeleteDirectory(DataDirectory);
        }
    }

    /// <summary>Deletes a data folder (pooled SQLite handles closed first); best effort.</summary>
    public static void DeleteDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }

    private sealed record CreatedUser(long Id, string Token);

    private sealed class Factory(IReadOnlyDictionary<string, string> settings, RelayAppLogs logs, StringWriter console, Action<IServiceCollection>? services)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            });
            builder.ConfigureServices(collection =>
            {
                collection.AddSingleton(new StartupConsole(console));
                services?.Invoke(collection);
            });
        }
    }
}
