using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Admin;

/// <summary><c>POST /api/admin/instruments/import</c>: DhanHQ's scrip master by upload.</summary>
[CancelAfter(30_000)]
internal sealed class AdminInstrumentImportTests
{
    private const string Csv = """
        SEM_EXM_EXCH_ID,SEM_SEGMENT,SEM_SMST_SECURITY_ID,SEM_INSTRUMENT_NAME,SEM_TRADING_SYMBOL,SEM_LOT_UNITS,SEM_CUSTOM_SYMBOL,SEM_EXPIRY_DATE,SEM_STRIKE_PRICE,SEM_OPTION_TYPE,SEM_TICK_SIZE
        NSE,E,990001,EQUITY,RELAYTESTCO,1.0,Relay Test Co,,,,5.0
        NSE,X,1,EQUITY,BADSEG,1.0,Bad,,,,5.0
        NSE,E,990002,EQUITY,RELAYTESTTWO,1.0,Relay Test Two,,,,5.0

        """;

    private RelayAppHost _host = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await RelayAppHost.StartAsync();
        _admin = _host.CreateAdminClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Import_CsvBodyWithABadRow_ReportsItsLine_AndTheRestIsSearchable(CancellationToken cancellationToken)
    {
        using var content = new StringContent(Csv, Encoding.UTF8, "text/csv");
        using var response = await _admin.PostAsync("/api/admin/instruments/import?fileName=master.csv", content, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        result.GetProperty("succeeded").GetBoolean().Should().BeTrue();
        result.GetProperty("rowsSkipped").GetInt64().Should().Be(1);
        result.GetProperty("errors")[0].GetProperty("line").GetInt64().Should().Be(3);
        (result.GetProperty("inserted").GetInt64() + result.GetProperty("updated").GetInt64()).Should().Be(2);
        using var user = _host.CreateClient();
        var search = await user.GetFromJsonAsync<JsonElement>("/api/instruments/search?q=relaytestco", cancellationToken);
        search.GetProperty("items")[0].GetProperty("securityId").GetString().Should().Be("990001");
        Directory.GetFiles(_host.DataDirectory, "upload-*").Should().BeEmpty("the temporary upload is deleted");
    }

    [Test]
    public async Task Import_Multipart_ImportsTheFile(CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv.Replace("990002,EQUITY,RELAYTESTTWO", "990003,EQUITY,RELAYMULTIPART", StringComparison.Ordinal)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "api-scrip-master.csv");

        using var response = await _admin.PostAsync("/api/admin/instruments/import", form, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var user = _host.CreateClient();
        var search = await user.GetFromJsonAsync<JsonElement>("/api/instruments/search?q=relaymultipart", cancellationToken);
        search.GetProperty("items")[0].GetProperty("securityId").GetString().Should().Be("990003");
    }

    [Test]
    public async Task Import_NotAScripMaster_Returns422_AndImportsNothing(CancellationToken cancellationToken)
    {
        using var content = new StringContent("name,price\nfoo,1\n", Encoding.UTF8, "text/csv");
        using var response = await _admin.PostAsync("/api/admin/instruments/import", content, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("result").GetProperty("succeeded").GetBoolean().Should().BeFalse();
    }

    [Test]
    public async Task Import_EmptyOrWrongType_IsRefused(CancellationToken cancellationToken)
    {
        using var empty = await _admin.PostAsync("/api/admin/instruments/import", new StringContent("", Encoding.UTF8, "text/csv"), cancellationToken);
        using var json = await _admin.PostAsync("/api/admin/instruments/import", JsonContent.Create(new { a = 1 }), cancellationToken);

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        json.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Import_LargerThanTheLimit_Returns413(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Admin:MaxImportBytes"] = "1024" });
        using var admin = host.CreateAdminClient();
        using var content = new StringContent(Csv + new string('#', 2048), Encoding.UTF8, "text/csv");

        using var response = await admin.PostAsync("/api/admin/instruments/import", content, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Import_WithoutAdminKey_Returns401_AndWithUserToken403(CancellationToken cancellationToken)
    {
        var (_, token) = await _host.CreateUserAsync("not-admin", cancellationToken);
        using var anonymous = _host.CreateClient();
        using var user = _host.CreateUserClient(token);

        using var withoutKey = await anonymous.PostAsync("/api/admin/instruments/import", new StringContent(Csv, Encoding.UTF8, "text/csv"), cancellationToken);
        using var withToken = await user.PostAsync("/api/admin/instruments/import", new StringContent(Csv, Encoding.UTF8, "text/csv"), cancellationToken);

        withoutKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        withToken.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
