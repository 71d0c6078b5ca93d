using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Health;

/// <summary><c>/healthz</c> and <c>/readyz</c>.</summary>
[CancelAfter(30_000)]
internal sealed class HealthEndpointsTests
{
    [Test]
    public async Task Readyz_WithTheSimulatorConnected_Returns200(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:RequireUserTokens"] = "true" });
        using var client = host.CreateClient();

        await RelayAppHost.WaitUntilAsync(
            async () => (await client.GetAsync("/readyz", cancellationToken)).StatusCode == HttpStatusCode.OK,
            "Relay is ready",
            cancellationToken);
        var report = await client.GetFromJsonAsync<JsonElement>("/readyz", cancellationToken);

        report.GetProperty("status").GetString().Should().Be("ready");
        report.GetProperty("feed").GetProperty("source").GetString().Should().Be("Simulator");
        report.GetProperty("storage").GetProperty("ready").GetBoolean().Should().BeTrue();
        (await client.GetStringAsync("/healthz", cancellationToken)).Should().Be("ok");
    }

    [Test]
    public async Task Readyz_InDhanModeWithoutCredentials_Returns503WithTheReason(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Feed:Mode"] = "Dhan", ["Relay:Feed:Url"] = "ws://127.0.0.1:9/" });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/readyz", cancellationToken);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("status").GetString().Should().Be("not-ready");
        report.GetProperty("feed").GetProperty("state").GetString().Should().Be("NoCredentials");
        report.GetProperty("storage").GetProperty("ready").GetBoolean().Should().BeTrue();
        (await client.GetAsync("/healthz", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "alive all the same");
    }

    [Test]
    public async Task Readyz_WhileTheDatabaseRefusesWrites_Returns503ForStorage(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync();
        using var client = host.CreateClient();
        await RelayAppHost.WaitUntilAsync(
            async () => (await client.GetAsync("/readyz", cancellationToken)).StatusCode == HttpStatusCode.OK,
            "Relay is ready",
            cancellationToken);

        // Another connection holds the write lock longer than the probe waits: storage is not ready.
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "relay.db")}");
        await blocker.OpenAsync(cancellationToken);
        await using var transaction = blocker.BeginTransaction(deferred: false);

        using var response = await client.GetAsync("/readyz", cancellationToken);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        report.GetProperty("storage").GetProperty("reason").GetString().Should().Contain("busy");
        await transaction.RollbackAsync(cancellationToken);
        (await client.GetAsync("/readyz", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
