using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Relay.Server.Instruments;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Instruments;

internal sealed class InstrumentEndpointsTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task Search_KnownSymbol_ReturnsMatchesAsJson(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var app = await StartAsync(directory, cancellationToken);
        using var client = Client(app);

        using var response = await client.GetAsync(new Uri("/api/instruments/search?q=nifty%2024000&limit=5", UriKind.Relative), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        json.RootElement.GetProperty("query").GetString().Should().Be("nifty 24000");
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("exchangeSegment").GetString().Should().Be("NSE_FNO");
        item.GetProperty("securityId").GetString().Should().Be("52175");
        item.GetProperty("key").GetString().Should().Be("NSE_FNO:52175");
        item.GetProperty("symbol").GetString().Should().Be("NIFTY-Dec2026-24000-CE");
        item.GetProperty("lotSize").GetInt32().Should().Be(75);
        item.GetProperty("tickSize").GetDecimal().Should().Be(0.05m);
        item.GetProperty("expiry").GetString().Should().Be("2026-12-29");
        item.GetProperty("strike").GetDecimal().Should().Be(24000m);
        item.GetProperty("optionType").GetString().Should().Be("CE");
    }

    [TestCase("/api/instruments/search", "q")]
    [TestCase("/api/instruments/search?q=%20", "q")]
    [TestCase("/api/instruments/search?q=nifty&limit=lots", "limit")]
    [CancelAfter(20_000)]
    public async Task Search_InvalidRequest_ReturnsValidationProblem(string url, string field, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var app = await StartAsync(directory, cancellationToken);
        using var client = Client(app);

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Search_HugeLimit_IsClamped(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var app = await StartAsync(directory, cancellationToken);
        using var client = Client(app);

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/instruments/search?q=e&limit=100000", UriKind.Relative), cancellationToken);

        body.GetProperty("items").GetArrayLength().Should().BeInRange(1, InstrumentSearch.MaxLimit);
    }

    private static async Task<WebApplication> StartAsync(StorageTestDirectory directory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddRelayStorage(builder.Configuration, () => File.OpenRead(InstrumentCsvImporterTests.Fixture("compact.csv")));
        var app = builder.Build();
        await app.Services.InitializeRelayStorageAsync(cancellationToken);
        app.MapInstrumentEndpoints();
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static HttpClient Client(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address) };
    }
}
