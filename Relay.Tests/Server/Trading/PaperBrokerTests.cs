using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Core.Contracts;
using Relay.Server.Trading;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

/// <summary>The paper broker end to end over HTTP: placing, validation, funds and the order book.</summary>
internal sealed partial class PaperBrokerTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");
    private static readonly InstrumentKey NiftyFut = InstrumentKey.Parse("NSE_FNO:62331");

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_MarketWithBogusClientPrice_FillsAtServerLtp(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        var user = await server.CreateUserAsync(cancellationToken);
        using var client = server.Client(user);
        server.Market.SetLtp(Hdfc, 985.05f);

        using var response = await PostAsync(client, Order("BUY", Hdfc, 10, "MARKET", price: 0.01m), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var order = await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
        order.OrderStatus.Should().Be("TRADED");
        order.AveragePrice.Should().Be(985.05m, "a market order fills at Relay's own last price, never the client's");
        order.Price.Should().Be(0m);
        order.FilledQuantity.Should().Be(10);
        response.Headers.Location!.ToString().Should().Be($"/api/orders/{order.OrderId}");
        var funds = await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);
        funds.AvailableBalance.Should().Be(1_000_000m - 9_850.5m);
        funds.UtilizedAmount.Should().Be(9_850.5m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_MarketWithoutLastPrice_IsRejectedWithTheReason(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        using var response = await PostAsync(client, Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var order = await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
        order.OrderStatus.Should().Be("REJECTED");
        order.RejectionReason.Should().Be("No last traded price for NSE_EQ:1333 yet.");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).AvailableBalance.Should().Be(1_000_000m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_MarketableLimit_FillsAtOnceAtTheLastPrice(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);

        var order = await PlaceAsync(client, Order("BUY", Hdfc, 2, "LIMIT", price: 990m), cancellationToken);

        order.OrderStatus.Should().Be("TRADED");
        order.AveragePrice.Should().Be(985m, "a limit buy above the market fills at the better, last price");
        order.Price.Should().Be(990m);
    }

    [TestCase(985.05f, "985.05")]
    [TestCase(985.07f, "985.05")]
    [TestCase(985.08f, "985.1")]
    [CancelAfter(30_000)]
    public async Task Place_MarketWithOffGridLtp_FillsAtTheNearestTick(float ltp, string expected, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, ltp);

        var order = await PlaceAsync(client, Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        order.AveragePrice.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_OverFunds_Returns422WithAmountsAndStoresNothing(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);

        using var response = await PostAsync(client, Order("BUY", Hdfc, 1100, "MARKET"), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken);
        problem.GetProperty("title").GetString().Should().Be("Insufficient funds.");
        problem.GetProperty("detail").GetString().Should().Be("The order needs ₹1,083,500.00 but only ₹1,000,000.00 is available.");
        (await GetAsync<List<OrderResponse>>(client, "/api/orders", cancellationToken)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_IntradayUsesLeverage_CncDoesNot(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 1000f);

        var intraday = await PlaceAsync(client, Order("BUY", Hdfc, 4000, "MARKET", product: "INTRADAY"), cancellationToken);
        using var cnc = await PostAsync(client, Order("BUY", Hdfc, 300, "MARKET"), cancellationToken);

        intraday.OrderStatus.Should().Be("TRADED", "₹40 lakh intraday blocks ₹8 lakh at 5x leverage");
        cnc.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "₹3 lakh CNC needs the full value and only ₹2 lakh is left");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).UtilizedAmount.Should().Be(800_000m);
    }

    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_FNO\",\"securityId\":\"62331\",\"quantity\":10,\"orderType\":\"MARKET\",\"productType\":\"INTRADAY\"}", "quantity", "not a multiple of the lot size 65")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"quantity\":1,\"orderType\":\"LIMIT\",\"price\":985.03,\"productType\":\"CNC\"}", "price", "use 985 or 985.05")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"quantity\":1,\"orderType\":\"LIMIT\",\"productType\":\"CNC\"}", "price", "needs a price")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"999999\",\"quantity\":1,\"orderType\":\"MARKET\",\"productType\":\"CNC\"}", "securityId", "Unknown instrument NSE_EQ:999999")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"quantity\":1,\"orderType\":\"STOP_LOSS_MARKET\",\"productType\":\"CNC\"}", "triggerPrice", "needs a triggerPrice")]
    [TestCase("{\"transactionType\":\"HOLD\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"quantity\":1,\"orderType\":\"MARKET\",\"productType\":\"CNC\"}", "transactionType", "BUY or SELL")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"IDX_I\",\"securityId\":\"13\",\"quantity\":1,\"orderType\":\"MARKET\",\"productType\":\"INTRADAY\"}", "exchangeSegment", "indices cannot be traded")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_FNO\",\"securityId\":\"62331\",\"quantity\":65,\"orderType\":\"MARKET\",\"productType\":\"CNC\"}", "productType", "CNC (delivery) is for equities")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"quantity\":0,\"orderType\":\"MARKET\",\"productType\":\"CNC\"}", "quantity", "quantity must be from 1")]
    [TestCase("{\"transactionType\":\"BUY\",\"exchangeSegment\":\"NSE_EQ\",\"securityId\":1333,\"quantity\":1,\"orderType\":\"MARKET\",\"productType\":\"CNC\",\"correlationId\":\"this correlation id is far too long\"}", "correlationId", "up to 25")]
    [CancelAfter(30_000)]
    public async Task Place_InvalidOrder_Returns400WithTheFieldAndAClearMessage(string body, string field, string message, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        server.Market.SetLtp(NiftyFut, 26150f);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/orders", UriKind.Relative), content, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken);
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain(message);
        problem.GetProperty("detail").GetString().Should().Contain(message, "the page shows the detail");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_WholeLotsOfAFuture_Fills(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(
            directory, cancellationToken, settings: new Dictionary<string, string?> { ["Relay:Trading:StartingFunds"] = "5000000" });
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(NiftyFut, 26150.4f);

        var order = await PlaceAsync(client, Order("SELL", NiftyFut, 130, "MARKET", product: "MARGIN"), cancellationToken);

        order.OrderStatus.Should().Be("TRADED");
        order.AveragePrice.Should().Be(26150.4m);
        var position = (await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single();
        position.NetQuantity.Should().Be(-130);
        position.ProductType.Should().Be("MARGIN");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).OpeningBalance.Should().Be(5_000_000m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_CncSellWithoutHoldings_Returns422(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        await PlaceAsync(client, Order("BUY", Hdfc, 5, "MARKET"), cancellationToken);

        using var response = await PostAsync(client, Order("SELL", Hdfc, 6, "MARKET"), cancellationToken);
        var shortSale = await PlaceAsync(client, Order("SELL", Hdfc, 6, "MARKET", product: "INTRADAY"), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken)).GetProperty("detail").GetString()
            .Should().Contain("you hold 5 of HDFCBANK in CNC").And.Contain("at most 5 can be sold");
        shortSale.OrderStatus.Should().Be("TRADED", "INTRADAY may sell short");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Positions_BuyThenPartSell_ShowAverageRealizedAndUnrealizedPnl(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        await PlaceAsync(client, Order("BUY", Hdfc, 10, "MARKET"), cancellationToken);
        server.Market.SetLtp(Hdfc, 990f);
        await PlaceAsync(client, Order("BUY", Hdfc, 10, "MARKET"), cancellationToken);
        server.Market.SetLtp(Hdfc, 1000f);
        await PlaceAsync(client, Order("SELL", Hdfc, 5, "MARKET"), cancellationToken);
        server.Market.SetLtp(Hdfc, 995.5f);

        var position = (await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single();
        var funds = await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);

        position.NetQuantity.Should().Be(15);
        position.BuyQuantity.Should().Be(20);
        position.SellQuantity.Should().Be(5);
        position.AveragePrice.Should().Be(987.5m);
        position.Ltp.Should().Be(995.5m);
        position.RealizedPnl.Should().Be(62.5m, "5 sold at 1000 against an average cost of 987.50");
        position.UnrealizedPnl.Should().Be(120m, "15 held at 995.50 against 987.50");
        funds.RealizedPnl.Should().Be(62.5m);
        funds.UnrealizedPnl.Should().Be(120m);
        funds.UtilizedAmount.Should().Be(14_812.5m);
        funds.AvailableBalance.Should().Be(1_000_000m + 62.5m - 14_812.5m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Orders_OfAnotherUser_AreInvisible(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var alice = server.Client(await server.CreateUserAsync(cancellationToken, "alice"));
        using var bob = server.Client(await server.CreateUserAsync(cancellationToken, "bob"));
        server.Market.SetLtp(Hdfc, 985f);
        var order = await PlaceAsync(alice, Order("BUY", Hdfc, 1, "LIMIT", price: 900m), cancellationToken);

        using var get = await bob.GetAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);
        using var cancel = await bob.DeleteAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        cancel.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await TradingTestServer.ReadAsync<JsonElement>(cancel, cancellationToken)).GetProperty("detail").GetString().Should().Contain(order.OrderId);
        (await GetAsync<List<OrderResponse>>(bob, "/api/orders", cancellationToken)).Should().BeEmpty();
        server.Publisher.Updates.Should().OnlyContain(u => u.Order.OrderId == order.OrderId).And.OnlyContain(u => u.UserId != 0);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Endpoints_WithoutUser_Return401(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var anonymous = server.Client(null);

        using var funds = await anonymous.GetAsync(new Uri("/api/funds", UriKind.Relative), cancellationToken);
        using var place = await PostAsync(anonymous, Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        funds.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        place.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    internal static Dictionary<string, object?> Order(
        string side, InstrumentKey instrument, long quantity, string type, decimal? price = null, decimal? trigger = null, string product = "CNC", string validity = "DAY") => new()
        {
            ["transactionType"] = side,
            ["exchangeSegment"] = ExchangeSegments.Name(instrument.Segment),
            ["securityId"] = instrument.SecurityIdText,
            ["quantity"] = quantity,
            ["orderType"] = type,
            ["price"] = price,
            ["triggerPrice"] = trigger,
            ["productType"] = product,
            ["validity"] = validity,
        };

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, object order, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/orders", UriKind.Relative)) { Content = JsonContent.Create(order) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(TradingEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }

        return await client.SendAsync(request, cancellationToken);
    }

    internal static async Task<OrderResponse> PlaceAsync(HttpClient client, object order, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(client, order, cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(cancellationToken));
        return await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
    }

    internal static async Task<T> GetAsync<T>(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(cancellationToken));
        return await TradingTestServer.ReadAsync<T>(response, cancellationToken);
    }
}
