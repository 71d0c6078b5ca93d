using System.Net;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>Browsers may call Relay cross-origin only from configured origins.</summary>
[CancelAfter(30_000)]
internal sealed class CorsTests
{
    private const string Listed = "https://app.example.com";

    private RelayAppHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:CorsOrigins:0"] = Listed });

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Preflight_FromUnlistedOrigin_IsRefused(CancellationToken cancellationToken)
    {
        using var response = await PreflightAsync("https://evil.example", "/api/watchlist", cancellationToken);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Test]
    public async Task Preflight_FromListedOrigin_IsAllowed(CancellationToken cancellationToken)
    {
        using var response = await PreflightAsync(Listed, "/api/watchlist", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Listed);
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PUT");
    }

    [Test]
    public async Task AdminPreflight_FromUnlistedOrigin_IsRefused(CancellationToken cancellationToken)
    {
        // The seed system let any origin wipe its instrument table.
        using var response = await PreflightAsync("https://evil.example", "/api/admin/instruments/import", cancellationToken);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Test]
    public async Task SimpleRequest_FromUnlistedOrigin_GetsNoAllowOrigin(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/watchlist");
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await client.SendAsync(request, cancellationToken);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse("the browser must not hand the answer to the page");
    }

    [Test]
    public async Task DefaultStart_AllowsNoOrigin(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync();
        using var client = host.CreateClient();
        using var request = Preflight(Listed, "/api/watchlist");

        using var response = await client.SendAsync(request, cancellationToken);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private static HttpRequestMessage Preflight(string origin, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string path, CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var request = Preflight(origin, path);
        return await client.SendAsync(request, cancellationToken);
    }
}
