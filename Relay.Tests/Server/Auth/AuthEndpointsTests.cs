using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Server.Auth;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>Who gets in, on the default (loopback, token-less) start.</summary>
[CancelAfter(30_000)]
internal sealed class AuthEndpointsTests
{
    private RelayAppHost _host = null!;
    private string _userToken = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await RelayAppHost.StartAsync();
        (_, _userToken) = await _host.CreateUserAsync("alice", CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task AdminEndpoint_WithoutKeyOrToken_Returns401ProblemDetails(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/api/admin/feed", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync(cancellationToken)).Should().Contain(AuthSchemes.AdminKeyHeader);
    }

    [Test]
    public async Task AdminEndpoint_WithUserToken_Returns403(CancellationToken cancellationToken)
    {
        using var client = _host.CreateUserClient(_userToken);
        using var response = await client.GetAsync("/api/admin/users", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Test]
    public async Task AdminEndpoint_WithWrongKey_Returns401(CancellationToken cancellationToken)
    {
        using var client = _host.CreateAdminClient(RelayAppHost.TestAdminKey + "x");
        using var response = await client.GetAsync("/api/admin/feed", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task AdminEndpoint_WithKeyInQueryString_Returns401(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var first = await client.GetAsync($"/api/admin/feed?adminKey={RelayAppHost.TestAdminKey}", cancellationToken);
        using var second = await client.GetAsync($"/api/admin/feed?{AuthSchemes.AdminKeyHeader}={RelayAppHost.TestAdminKey}", cancellationToken);

        first.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task AdminEndpoint_WithKey_Returns200(CancellationToken cancellationToken)
    {
        using var client = _host.CreateAdminClient();
        using var response = await client.GetAsync("/api/admin/feed", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task AdminEndpoint_FromLoopbackWithoutKey_IsNotTheLocalUser(CancellationToken cancellationToken)
    {
        // The token-less local user works for user endpoints only: a page a local browser opens must not reach admin.
        using var client = _host.CreateClient();
        using var watchlist = await client.GetAsync("/api/watchlist", cancellationToken);
        using var admin = await client.PostAsync("/api/admin/resync", null, cancellationToken);

        watchlist.StatusCode.Should().Be(HttpStatusCode.OK);
        admin.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Orders_ActForTheCallersUser(CancellationToken cancellationToken)
    {
        // The trading API reads users.id from the NameIdentifier claim this layer sets: the local user and alice differ.
        using var local = _host.CreateClient();
        using var alice = _host.CreateUserClient(_userToken);
        var order = new
        {
            transactionType = "BUY",
            exchangeSegment = "NSE_EQ",
            productType = "CNC",
            orderType = "LIMIT",
            validity = "DAY",
            securityId = "1333",
            quantity = 1,
            price = 1.0,
        };

        using var placed = await alice.PostAsJsonAsync("/api/orders", order, cancellationToken);
        var aliceOrders = await alice.GetStringAsync("/api/orders", cancellationToken);
        var localOrders = await local.GetStringAsync("/api/orders", cancellationToken);

        placed.StatusCode.Should().Be(HttpStatusCode.Created, await placed.Content.ReadAsStringAsync(cancellationToken));
        JsonDocument.Parse(aliceOrders).RootElement.GetArrayLength().Should().Be(1);
        JsonDocument.Parse(localOrders).RootElement.GetArrayLength().Should().Be(0);
    }

    [Test]
    public async Task UserEndpoint_WithUnknownToken_Returns401InsteadOfTheLocalUser(CancellationToken cancellationToken)
    {
        using var client = _host.CreateUserClient("rly_not-a-real-token");
        using var response = await client.GetAsync("/api/watchlist", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer");
    }

    [Test]
    public async Task UserEndpoint_WithForeignHostHeader_Returns401(CancellationToken cancellationToken)
    {
        // DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1 must not act as the local user.
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/watchlist");
        request.Headers.Host = "evil.example";
        using var response = await client.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task UserEndpoint_BehindAProxy_Returns401WithoutToken(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/watchlist");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task StaticPageAndHealth_NeedNoCredentials(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "relay.example"; // Not loopback: these are open to anyone.
        using var health = await client.SendAsync(request, cancellationToken);
        using var page = await client.GetAsync("/", cancellationToken);

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Test]
    public async Task UsersList_NeverShowsTokens(CancellationToken cancellationToken)
    {
        using var admin = _host.CreateAdminClient();
        var users = await admin.GetStringAsync("/api/admin/users", cancellationToken);

        users.Should().Contain("alice").And.NotContain(_userToken).And.NotContain("rly_");
        using var document = JsonDocument.Parse(users);
        document.RootElement.EnumerateArray().Should().Contain(u => u.GetProperty("isLocal").GetBoolean(), "the local user exists on a token-less start");
    }

    [Test]
    public async Task CreateUser_ReservedOrBlankName_Returns400(CancellationToken cancellationToken)
    {
        using var admin = _host.CreateAdminClient();
        using var reserved = await admin.PostAsJsonAsync("/api/admin/users", new { name = "(local)" }, cancellationToken);
        using var blank = await admin.PostAsJsonAsync("/api/admin/users", new { name = " " }, cancellationToken);

        reserved.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        blank.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
