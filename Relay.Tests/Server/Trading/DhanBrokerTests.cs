using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Contracts;
using Relay.Server.Trading;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

/// <summary>The DhanHQ proxy against a fake DhanHQ REST server.</summary>
internal sealed class DhanBrokerTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_Accepted_SendsTheDocumentedRequestAndReturnsTheOrder(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        var user = await server.CreateUserAsync(cancellationToken);
        using var client = server.Client(user);

        using var response = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 5, "LIMIT", price: 980.5m), cancellationToken, "key-1");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var order = await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
        order.OrderStatus.Should().Be("PENDING");
        order.Price.Should().Be(980.5m);
        order.Quantity.Should().Be(5);
        order.CreatedAt.Should().Be(DateTimeOffset.Parse("2026-07-15T10:15:30+05:30", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        var place = dhan.Requests.Single(r => r.Method == "POST");
        place.Path.Should().Be("/v2/orders");
        place.Headers["access-token"].Should().Be(TradingFakeCredentials.AccessToken);
        place.Headers["client-id"].Should().Be(TradingFakeCredentials.ClientId);
        var body = JsonDocument.Parse(place.Body).RootElement;
        body.GetProperty("dhanClientId").GetString().Should().Be(TradingFakeCredentials.ClientId);
        body.GetProperty("correlationId").GetString().Should().Be(DhanBroker.CorrelationIdFor(user, "key-1")).And.HaveLength(25);
        body.GetProperty("transactionType").GetString().Should().Be("BUY");
        body.GetProperty("exchangeSegment").GetString().Should().Be("NSE_EQ");
        body.GetProperty("securityId").GetString().Should().Be("1333");
        body.GetProperty("productType").GetString().Should().Be("CNC");
        body.GetProperty("orderType").GetString().Should().Be("LIMIT");
        body.GetProperty("validity").GetString().Should().Be("DAY");
        body.GetProperty("quantity").GetInt64().Should().Be(5);
        body.GetProperty("price").GetDecimal().Should().Be(980.5m);
        server.Publisher.Updates.Should().ContainSingle(u => u.UserId == user && u.Order.OrderId == order.OrderId);

        using var retry = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 5, "LIMIT", price: 980.5m), cancellationToken, "key-1");
        (await TradingTestServer.ReadAsync<OrderResponse>(retry, cancellationToken)).OrderId.Should().Be(order.OrderId);
        dhan.Count("POST", "/v2/orders").Should().Be(1, "a retried place with the same key never reaches DhanHQ twice");
    }

    [TestCase(401, "DH-901", 503, "DhanHQ rejected the access token.")]
    [TestCase(403, "DH-902", 403, "The DhanHQ account has no access to this API.")]
    [TestCase(429, "DH-904", 429, "DhanHQ's rate limit was reached.")]
    [TestCase(400, "DH-905", 400, "DhanHQ refused the request's values.")]
    [TestCase(400, "DH-906", 422, "DhanHQ rejected the order.")]
    [TestCase(500, "DH-908", 502, "DhanHQ failed to process the request.")]
    [TestCase(502, "DH-909", 502, "DhanHQ failed to process the request.")]
    [CancelAfter(30_000)]
    public async Task Place_DhanError_MapsToAClearProblemWithoutSecrets(int dhanStatus, string code, int expectedStatus, string title, CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        dhan.PlaceError = (dhanStatus, code, "Insufficient margin for the order");
        using var directory = new StorageTestDirectory();
        var logs = new UpstreamLogCapture();
        await using var server = await StartAsync(directory, dhan, cancellationToken, logs);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var response = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken, "k");
        var text = await response.Content.ReadAsStringAsync(cancellationToken);

        ((int)response.StatusCode).Should().Be(expectedStatus);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("title").GetString().Should().Be(title);
        problem.GetProperty("detail").GetString().Should().Contain(code).And.Contain("Insufficient margin for the order");
        problem.GetProperty("errorCode").GetString().Should().Be(code);
        dhan.Count("POST", "/v2/orders").Should().Be(1, "a place is never retried");
        text.Should().NotContain(TradingFakeCredentials.AccessToken).And.NotContain(TradingFakeCredentials.ClientId);
        logs.Lines.Should().NotContain(l => l.Contains(TradingFakeCredentials.AccessToken, StringComparison.Ordinal) || l.Contains(TradingFakeCredentials.ClientId, StringComparison.Ordinal));
        logs.Lines.Should().Contain(l => l.Contains(code, StringComparison.Ordinal));

        dhan.PlaceError = null;
        using var retry = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken, "k");
        retry.StatusCode.Should().Be(HttpStatusCode.Created, "a key whose place DhanHQ refused may be used again");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_Timeout_LooksTheOrderUpByCorrelationIdInsteadOfPlacingAgain(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        dhan.PlaceDelay = TimeSpan.FromSeconds(5);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var response = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("SELL", Hdfc, 2, "MARKET", product: "INTRADAY"), cancellationToken, "slow");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var order = await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
        dhan.Order(order.OrderId).Should().NotBeNull();
        dhan.Count("POST", "/v2/orders").Should().Be(1);
        dhan.Count("GET", "/v2/orders/external/").Should().Be(1);
        (await PaperBrokerTests.GetAsync<List<OrderResponse>>(client, "/api/orders", cancellationToken)).Select(o => o.OrderId).Should().Equal(order.OrderId);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_TimeoutAndNotBooked_Returns504_ThenARetryLooksUpAndPlacesOnce(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        dhan.PlaceDelay = TimeSpan.FromSeconds(5);
        dhan.HangAfterRecording = false;
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var first = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken, "lost");
        dhan.PlaceDelay = TimeSpan.Zero;
        using var retry = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken, "lost");

        first.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await TradingTestServer.ReadAsync<JsonElement>(first, cancellationToken)).GetProperty("detail").GetString().Should().Contain("Retry with the same Idempotency-Key");
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        dhan.Count("GET", "/v2/orders/external/").Should().Be(2, "each attempt asked DhanHQ before (re)placing");
        dhan.Count("POST", "/v2/orders").Should().Be(2);
        var correlationIds = dhan.Requests.Where(r => r.Method == "POST").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("correlationId").GetString()).Distinct();
        correlationIds.Should().ContainSingle("the retry reuses the correlation id");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Reads_ServerErrors_AreRetried(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        dhan.FailNextReads(2);
        var funds = await PaperBrokerTests.GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);

        funds.AvailableBalance.Should().Be(98_440m);
        funds.SodLimit.Should().Be(113_642m);
        funds.UtilizedAmount.Should().Be(15_202m);
        funds.WithdrawableBalance.Should().Be(98_310m);
        dhan.Count("GET", "/v2/fundlimit").Should().Be(3);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Positions_AreMappedAndMarkedWithRelaysPrice(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);

        var position = (await PaperBrokerTests.GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single();

        position.Should().BeEquivalentTo(new PositionResponse
        {
            ExchangeSegment = "NSE_EQ",
            SecurityId = "1333",
            ProductType = "CNC",
            NetQuantity = 10,
            BuyQuantity = 10,
            AveragePrice = 980.5m,
            Ltp = 985m,
            UnrealizedPnl = 45m,
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ModifyAndCancel_OwnOrder_AreSentOnce_OthersOrdersAreNotFound(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var alice = server.Client(await server.CreateUserAsync(cancellationToken, "alice"));
        using var bob = server.Client(await server.CreateUserAsync(cancellationToken, "bob"));
        var order = await PaperBrokerTests.PlaceAsync(alice, PaperBrokerTests.Order("BUY", Hdfc, 5, "LIMIT", price: 980m), cancellationToken);

        using var bobCancels = await bob.DeleteAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);
        var bobsList = await PaperBrokerTests.GetAsync<List<OrderResponse>>(bob, "/api/orders", cancellationToken);
        using var modify = await alice.PutAsJsonAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), new { price = 975.5m }, cancellationToken);
        using var cancel = await alice.DeleteAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);
        using var again = await alice.DeleteAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);

        bobCancels.StatusCode.Should().Be(HttpStatusCode.NotFound);
        bobsList.Should().BeEmpty();
        modify.StatusCode.Should().Be(HttpStatusCode.OK);
        (await TradingTestServer.ReadAsync<OrderResponse>(modify, cancellationToken)).Price.Should().Be(975.5m);
        var put = JsonDocument.Parse(dhan.Requests.Single(r => r.Method == "PUT").Body).RootElement;
        put.GetProperty("orderId").GetString().Should().Be(order.OrderId);
        put.GetProperty("dhanClientId").GetString().Should().Be(TradingFakeCredentials.ClientId);
        put.GetProperty("quantity").GetInt64().Should().Be(5);
        put.GetProperty("orderType").GetString().Should().Be("LIMIT");
        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        (await TradingTestServer.ReadAsync<OrderResponse>(cancel, cancellationToken)).OrderStatus.Should().Be("CANCELLED");
        again.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        dhan.Count("DELETE", "/v2/orders/").Should().Be(2);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_WithoutCredentials_Returns503AndSendsNothing(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        ((TradingFakeCredentials)server.Services.GetRequiredService<IBrokerCredentialsProvider>()).Current = null;
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var response = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken)).GetProperty("title").GetString().Should().Be("No DhanHQ credentials.");
        dhan.Requests.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_InvalidOrder_IsRefusedLocallyBeforeDhan(CancellationToken cancellationToken)
    {
        await using var dhan = await TradingFakeDhanServer.StartAsync(cancellationToken);
        using var directory = new StorageTestDirectory();
        await using var server = await StartAsync(directory, dhan, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var response = await PaperBrokerTests.PostAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "LIMIT", price: 980.01m), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        dhan.Requests.Should().BeEmpty();
    }

    private static Task<TradingTestServer> StartAsync(StorageTestDirectory directory, TradingFakeDhanServer dhan, CancellationToken cancellationToken, UpstreamLogCapture? logs = null) =>
        TradingTestServer.StartAsync(
            directory,
            cancellationToken,
            settings: new Dictionary<string, string?>
            {
                ["Relay:Feed:Mode"] = "Dhan",
                ["Relay:Trading:DhanBaseUrl"] = dhan.BaseUrl.ToString(),
                ["Relay:Trading:DhanTimeout"] = "00:00:01",
            },
            configure: services => services.AddSingleton<IBrokerCredentialsProvider, TradingFakeCredentials>(),
            logs: logs);
}
