using System.Net;
using Microsoft.Extensions.Configuration;
using Relay.Server.Auth;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>Relay refuses to listen beyond loopback while token-less access is on.</summary>
[CancelAfter(30_000)]
internal sealed class ListenAddressGuardTests
{
    [TestCase("http://127.0.0.1:5000", true)]
    [TestCase("http://127.0.0.2:5000", true)]
    [TestCase("http://localhost:5000", true)]
    [TestCase("https://localhost:0", true)]
    [TestCase("http://[::1]:5000", true)]
    [TestCase("http://unix:/run/relay.sock", true)]
    [TestCase("http://0.0.0.0:5000", false)]
    [TestCase("http://[::]:5000", false)]
    [TestCase("http://*:8080", false)]
    [TestCase("http://+:80", false)]
    [TestCase("http://192.168.1.10:5000", false)]
    [TestCase("http://relay.example.com:5000", false)]
    [TestCase("not a url", false)]
    public void IsLoopbackOnly_ClassifiesListenUrls(string address, bool loopbackOnly) =>
        ListenAddressGuard.IsLoopbackOnly(address).Should().Be(loopbackOnly);

    [Test]
    public void ConfiguredAddresses_ReadUrlsElsePorts_AndKestrelEndpoints()
    {
        static IReadOnlyList<string> Addresses(params (string Key, string Value)[] settings) =>
            ListenAddressGuard.ConfiguredAddresses(
                new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
                ["http://127.0.0.1:7000"]);

        Addresses(("urls", "http://localhost:5000;http://0.0.0.0:5001"), ("http_ports", "8080"))
            .Should().Equal("http://127.0.0.1:7000", "http://localhost:5000", "http://0.0.0.0:5001");
        Addresses(("http_ports", "8080;8081"), ("https_ports", "8443"))
            .Should().Equal("http://127.0.0.1:7000", "http://*:8080", "http://*:8081", "https://*:8443");
        Addresses(("Kestrel:Endpoints:Public:Url", "http://10.0.0.5:80"))
            .Should().Equal("http://127.0.0.1:7000", "http://10.0.0.5:80");
    }

    [Test]
    public async Task Start_OnAnyAddressWithoutUserTokens_IsRefusedWithWhatToSet()
    {
        // Refused before anything runs: no port opened, no feed started.
        var start = () => RelayAppHost.StartAsync(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0" });

        var failure = await start.Should().ThrowAsync<Exception>();
        failure.Which.ToString().Should().Contain("Relay__Auth__RequireUserTokens=true").And.Contain("http://0.0.0.0:0")
            .And.NotContain("Feed simulator listening");
    }

    [Test]
    public async Task Start_WithHttpPortsWithoutUserTokens_IsRefused()
    {
        // HTTP_PORTS (set by the official container images) means every interface.
        var start = () => RelayAppHost.StartAsync(new Dictionary<string, string?> { ["urls"] = null, ["http_ports"] = "0" });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("Relay__Auth__RequireUserTokens=true");
    }

    [Test]
    public async Task Start_OnLoopbackWithUserTokens_StartsAndRequiresThem(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:RequireUserTokens"] = "true" });
        using var client = host.CreateClient();

        (await client.GetAsync("/api/watchlist", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
