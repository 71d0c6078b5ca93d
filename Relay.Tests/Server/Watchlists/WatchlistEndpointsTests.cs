using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Watchlists;

/// <summary><c>GET</c>/<c>PUT /api/watchlist</c>: the current user's list, validated, kept per user.</summary>
[CancelAfter(30_000)]
internal sealed class WatchlistEndpointsTests
{
    private RelayAppHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await RelayAppHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Put_ThenGet_ReturnsTheListInOrder_WithoutRepeats(CancellationToken cancellationToken)
    {
        var (_, token) = await _host.CreateUserAsync("lists", cancellationToken);
        using var client = _host.CreateUserClient(token);
        var body = new { instruments = new[] { Ref("NSE_EQ", "2885"), Ref("BSE_EQ", "500325"), Ref("NSE_EQ", "2885"), Ref("IDX_I", "13") } };

        using var put = await client.PutAsJsonAsync("/api/watchlist", body, cancellationToken);
        var saved = await client.GetFromJsonAsync<JsonElement>("/api/watchlist", cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        Keys(saved).Should().Equal("NSE_EQ:2885", "BSE_EQ:500325", "IDX_I:13");
    }

    [Test]
    public async Task Put_InvalidInstrument_Returns400NamingIt_AndKeepsTheOldList(CancellationToken cancellationToken)
    {
        var (_, token) = await _host.CreateUserAsync("typo", cancellationToken);
        using var client = _host.CreateUserClient(token);
        (await client.PutAsJsonAsync("/api/watchlist", new { instruments = new[] { Ref("NSE_EQ", "1333") } }, cancellationToken)).EnsureSuccessStatusCode();

        using var put = await client.PutAsJsonAsync("/api/watchlist", new { instruments = new[] { Ref("NSE_EQ", "1"), Ref("NSE_XX", "2"), Ref("NSE_EQ", "abc") } }, cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        put.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("instruments[1]", "instruments[2]");
        Keys(await client.GetFromJsonAsync<JsonElement>("/api/watchlist", cancellationToken)).Should().Equal("NSE_EQ:1333");
    }

    [Test]
    public async Task Put_MoreThan200_Returns400(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();
        var instruments = Enumerable.Range(1, 201).Select(i => Ref("NSE_EQ", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        using var put = await client.PutAsJsonAsync("/api/watchlist", new { instruments }, cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync(cancellationToken)).Should().Contain("200");
    }

    [Test]
    public async Task Put_WithoutInstruments_Returns400(CancellationToken cancellationToken)
    {
        using var client = _host.CreateClient();

        using var put = await client.PutAsJsonAsync("/api/watchlist", new { }, cancellationToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Watchlists_ArePerUser(CancellationToken cancellationToken)
    {
        var (_, token) = await _host.CreateUserAsync("other", cancellationToken);
        using var user = _host.CreateUserClient(token);
        using var local = _host.CreateClient();

        (await local.PutAsJsonAsync("/api/watchlist", new { instruments = new[] { Ref("MCX_COMM", "114") } }, cancellationToken)).EnsureSuccessStatusCode();
        (await user.PutAsJsonAsync("/api/watchlist", new { instruments = new[] { Ref("NSE_FNO", "35001") } }, cancellationToken)).EnsureSuccessStatusCode();

        Keys(await local.GetFromJsonAsync<JsonElement>("/api/watchlist", cancellationToken)).Should().Equal("MCX_COMM:114");
        Keys(await user.GetFromJsonAsync<JsonElement>("/api/watchlist", cancellationToken)).Should().Equal("NSE_FNO:35001");
    }

    private static object Ref(string segment, string securityId) => new { exchangeSegment = segment, securityId };

    private static List<string> Keys(JsonElement body) =>
        [.. body.GetProperty("instruments").EnumerateArray().Select(i => $"{i.GetProperty("exchangeSegment").GetString()}:{i.GetProperty("securityId").GetString()}")];
}
