using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;

namespace Relay.Tests.Server.Market;

internal sealed class MarketEndpointsTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task GetSnapshot_KnownAndUnknownInstruments_StatesAndMissingWithReason(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.State.Set(Full(HdfcBank, ltt: 1_729_412_345, receivedAt: 1_729_412_345_678));
        using var http = new HttpClient { BaseAddress = app.BaseUri };

        using var response = await http.GetAsync("/api/market/snapshot?instruments=NSE_EQ:1333,BSE_EQ:500325,nse_eq:1333", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var snapshots = body.RootElement.GetProperty("snapshots");
        snapshots.GetArrayLength().Should().Be(1, "a duplicate key is answered once");
        var full = snapshots[0];
        full.GetProperty("exchangeSegment").GetString().Should().Be("NSE_EQ");
        full.GetProperty("securityId").GetString().Should().Be("1333");
        full.GetProperty("ltp").GetRawText().Should().Be("24350.05");
        full.GetProperty("ltt").GetInt64().Should().Be(1_729_412_345);
        full.GetProperty("receivedAt").GetInt64().Should().Be(1_729_412_345_678);
        full.GetProperty("totalBuyQuantity").GetInt64().Should().Be(56_789);
        full.GetProperty("prevClose").GetRawText().Should().Be("24290.45");
        full.GetProperty("depth").GetArrayLength().Should().Be(5);
        full.GetProperty("depth")[4].GetProperty("askPrice").GetRawText().Should().Be("24350.3");
        var missing = body.RootElement.GetProperty("missing");
        missing.GetArrayLength().Should().Be(1);
        missing[0].GetProperty("exchangeSegment").GetString().Should().Be("BSE_EQ");
        missing[0].GetProperty("securityId").GetString().Should().Be("500325");
        missing[0].GetProperty("reason").GetString().Should().Contain("No data received");
    }

    [TestCase("NSE_EQ:abc", "Security id 'abc' is not a positive integer")]
    [TestCase("NSE_EQ:1333,FOO:1", "Unknown exchange segment 'FOO'")]
    [TestCase("1333", "not of the form SEGMENT:SECURITY_ID")]
    [TestCase("NSE_EQ:0", "not a positive integer")]
    [TestCase("", "Missing 'instruments'")]
    [TestCase(",", "Missing 'instruments'")]
    [CancelAfter(20_000)]
    public async Task GetSnapshot_MalformedKey_BadRequestProblemDetails(string instruments, string detail, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var http = new HttpClient { BaseAddress = app.BaseUri };

        using var response = await http.GetAsync($"/api/market/snapshot?instruments={Uri.EscapeDataString(instruments)}", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("detail").GetString().Should().Contain(detail);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task GetSnapshot_OverPerCallLimit_BadRequest(CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync(new Dictionary<string, string?> { ["Relay:Hub:MaxInstrumentsPerCall"] = "2" });
        using var http = new HttpClient { BaseAddress = app.BaseUri };

        using var response = await http.GetAsync("/api/market/snapshot?instruments=NSE_EQ:1,NSE_EQ:2,NSE_EQ:3", cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(cancellationToken)).Should().Contain("Too many instruments: 3 (at most 2)");
    }
}
