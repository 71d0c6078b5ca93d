using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Relay.Tests.Support;

namespace Relay.Tests.Server.ApiDocs;

/// <summary>The OpenAPI document lists every REST endpoint; the reference page is served locally.</summary>
[CancelAfter(30_000)]
internal sealed partial class ApiDocsTests
{
    private RelayAppHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:RequireUserTokens"] = "true" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task OpenApiDocument_ListsEveryRestEndpoint_WithNamesSummariesAndSecurity(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient(); // Open to anyone, even when user tokens are required.
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", cancellationToken);
        var paths = document.GetProperty("paths");

        var expected = new Dictionary<string, string[]>
        {
            ["/healthz"] = ["get"],
            ["/readyz"] = ["get"],
            ["/api/market/snapshot"] = ["get"],
            ["/api/instruments/search"] = ["get"],
            ["/api/watchlist"] = ["get", "put"],
            ["/api/admin/feed"] = ["get"],
            ["/api/admin/subscriptions"] = ["get"],
            ["/api/admin/clients"] = ["get"],
            ["/api/admin/resync"] = ["post"],
            ["/api/admin/credentials"] = ["get", "put", "delete"],
            ["/api/admin/users"] = ["get", "post"],
            ["/api/admin/users/{id}"] = ["delete"],
            ["/api/admin/instruments/import"] = ["post"],
        };
        foreach (var (path, methods) in expected)
        {
            paths.TryGetProperty(path, out var item).Should().BeTrue(path);
            foreach (var method in methods)
            {
                var operation = item.GetProperty(method);
                operation.GetProperty("operationId").GetString().Should().NotBeNullOrEmpty($"{method} {path} has a name");
                operation.GetProperty("summary").GetString().Should().NotBeNullOrEmpty($"{method} {path} has a summary");
            }
        }

        paths.GetProperty("/api/admin/users").GetProperty("get").GetProperty("security")[0].TryGetProperty("adminKey", out _).Should().BeTrue();
        paths.GetProperty("/api/watchlist").GetProperty("get").GetProperty("security")[0].TryGetProperty("userToken", out _).Should().BeTrue();
        paths.GetProperty("/healthz").GetProperty("get").TryGetProperty("security", out _).Should().BeFalse();
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminKey").GetProperty("name").GetString().Should().Be("X-Relay-Admin-Key");
    }

    [Test]
    public async Task ReferencePage_IsServedWithLocalScriptsOnly(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/docs/", cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        scripts.Should().NotBeEmpty().And.OnlyContain(src => !src.Contains("//", StringComparison.Ordinal), "nothing is loaded from a CDN");
        foreach (var script in scripts)
        {
            (await client.GetAsync(new Uri(new Uri(_host.BaseUri, "/docs/"), script), cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, script);
        }
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
