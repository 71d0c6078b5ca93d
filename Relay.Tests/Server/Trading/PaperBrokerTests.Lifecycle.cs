using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Server.Trading;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

/// <summary>Resting orders, fills from the tick stream, modify, cancel, idempotency, restart and concurrency.</summary>
internal sealed partial class PaperBrokerTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task RestingLimit_PriceCrosses_FillsAtTheLimitAndPushesTheUpdate(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        var user = await server.CreateUserAsync(cancellationToken);
        using var client = server.Client(user);
        server.Market.SetLtp(Hdfc, 985f);

        var order = await PlaceAsync(client, Order("BUY", Hdfc, 10, "LIMIT", price: 980m), cancellationToken);
        order.OrderStatus.Should().Be("PENDING");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).UtilizedAmount.Should().Be(9_800m, "the open order reserves its value");
        server.Feed.HeldBy(PaperMarketInterest.ConnectionId).Should().Equal(Hdfc);

        await TickAndWaitForPassAsync(server, 980.05f, cancellationToken);
        (await GetAsync<OrderResponse>(client, $"/api/orders/{order.OrderId}", cancellationToken)).OrderStatus.Should().Be("PENDING");

        server.Market.Tick(Hdfc, 979.5f, server.Engine);
        await ClientTestWait.UntilAsync(() => server.Publisher.Updates.Any(u => u.Order.OrderStatus == "TRADED"), "the order filled", cancellationToken);

        var filled = await GetAsync<OrderResponse>(client, $"/api/orders/{order.OrderId}", cancellationToken);
        filled.OrderStatus.Should().Be("TRADED");
        filled.AveragePrice.Should().Be(980m, "a resting limit order fills at its limit");
        server.Publisher.Updates.Should().Contain(u => u.UserId == user && u.Order.OrderId == order.OrderId && u.Order.OrderStatus == "TRADED");
        var position = (await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single();
        position.NetQuantity.Should().Be(10);
        position.AveragePrice.Should().Be(980m);
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).UtilizedAmount.Should().Be(9_800m, "the reservation became the position's margin");
        server.Feed.HeldBy(PaperMarketInterest.ConnectionId).Should().Equal([Hdfc], "the open position still needs prices");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task StopLossMarketSell_PriceFallsThroughTrigger_FillsAtTheLastPrice(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        await PlaceAsync(client, Order("BUY", Hdfc, 10, "MARKET"), cancellationToken);

        var stop = await PlaceAsync(client, Order("SELL", Hdfc, 10, "STOP_LOSS_MARKET", price: 1m, trigger: 970m), cancellationToken);
        stop.OrderStatus.Should().Be("PENDING");
        stop.Price.Should().Be(0m, "a price on a STOP_LOSS_MARKET order is ignored");

        server.Market.Tick(Hdfc, 968.45f, server.Engine);
        await ClientTestWait.UntilAsync(() => server.Publisher.Updates.Any(u => u.Order.OrderId == stop.OrderId && u.Order.OrderStatus == "TRADED"), "the stop filled", cancellationToken);

        (await GetAsync<OrderResponse>(client, $"/api/orders/{stop.OrderId}", cancellationToken)).AveragePrice.Should().Be(968.45m);
        var position = (await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single();
        position.NetQuantity.Should().Be(0);
        position.RealizedPnl.Should().Be(-165.5m);
        await ClientTestWait.UntilAsync(() => server.Feed.HeldBy(PaperMarketInterest.ConnectionId).Count == 0, "the instrument was released", cancellationToken);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task StopLossBuy_Triggered_RestsAsLimitUntilThePriceComesBack(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var stop = await PlaceAsync(client, Order("BUY", Hdfc, 1, "STOP_LOSS", price: 991m, trigger: 990m, product: "INTRADAY"), cancellationToken);

        await TickAndWaitForPassAsync(server, 995f, cancellationToken);
        (await GetAsync<OrderResponse>(client, $"/api/orders/{stop.OrderId}", cancellationToken)).OrderStatus.Should().Be("PENDING", "it triggered above its limit");

        server.Market.Tick(Hdfc, 990.5f, server.Engine);
        await ClientTestWait.UntilAsync(() => server.Publisher.Updates.Any(u => u.Order.OrderStatus == "TRADED"), "the triggered stop filled", cancellationToken);
        (await GetAsync<OrderResponse>(client, $"/api/orders/{stop.OrderId}", cancellationToken)).AveragePrice.Should().Be(991m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task StopLoss_TriggerAlreadyCrossed_Returns400(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);

        using var response = await PostAsync(client, Order("BUY", Hdfc, 1, "STOP_LOSS_MARKET", trigger: 980m, product: "INTRADAY"), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken)).GetProperty("errors").GetProperty("triggerPrice")[0].GetString()
            .Should().Contain("must be above the last price 985");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task IocLimit_NotMarketable_IsCancelledAtOnce(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);

        var order = await PlaceAsync(client, Order("BUY", Hdfc, 1, "LIMIT", price: 980m, validity: "IOC"), cancellationToken);

        order.OrderStatus.Should().Be("CANCELLED");
        order.RejectionReason.Should().Contain("last price 985 is above the limit 980");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).UtilizedAmount.Should().Be(0m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Cancel_PendingOrder_ReleasesFundsAndTheInstrument(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var order = await PlaceAsync(client, Order("BUY", Hdfc, 10, "LIMIT", price: 950m), cancellationToken);

        using var response = await client.DeleteAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken)).OrderStatus.Should().Be("CANCELLED");
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).AvailableBalance.Should().Be(1_000_000m);
        server.Feed.HeldBy(PaperMarketInterest.ConnectionId).Should().BeEmpty();
        server.Publisher.Updates.Select(u => u.Order.OrderStatus).Should().Equal("PENDING", "CANCELLED");
        await TickAndWaitForPassAsync(server, 940f, cancellationToken, expectPass: false);
        (await GetAsync<OrderResponse>(client, $"/api/orders/{order.OrderId}", cancellationToken)).OrderStatus.Should().Be("CANCELLED");
    }

    [TestCase("DELETE")]
    [TestCase("PUT")]
    [CancelAfter(30_000)]
    public async Task ModifyOrCancel_FilledOrder_Returns409(string method, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var order = await PlaceAsync(client, Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri($"/api/orders/{order.OrderId}", UriKind.Relative));
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { quantity = 2 });
        }

        using var response = await client.SendAsync(request, cancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await TradingTestServer.ReadAsync<JsonElement>(response, cancellationToken);
        problem.GetProperty("detail").GetString().Should().Be($"Order '{order.OrderId}' is TRADED and can no longer be {(method == "PUT" ? "modified" : "cancelled")}.");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Modify_PendingLimit_ChangesTermsAndReservation_ThenFillsWhenMarketable(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var order = await PlaceAsync(client, Order("BUY", Hdfc, 10, "LIMIT", price: 950m), cancellationToken);

        var modified = await PutAsync(client, order.OrderId, new { quantity = 20, price = 960.5m }, cancellationToken);
        var offGrid = await client.PutAsJsonAsync(new Uri($"/api/orders/{order.OrderId}", UriKind.Relative), new { price = 960.52m }, cancellationToken);
        var funds = await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);
        var marketable = await PutAsync(client, order.OrderId, new { price = 990m }, cancellationToken);

        modified.OrderStatus.Should().Be("PENDING");
        modified.Quantity.Should().Be(20);
        modified.Price.Should().Be(960.5m);
        offGrid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await TradingTestServer.ReadAsync<JsonElement>(offGrid, cancellationToken)).GetProperty("title").GetString().Should().Be("The modification is invalid.");
        funds.UtilizedAmount.Should().Be(19_210m);
        marketable.OrderStatus.Should().Be("TRADED");
        marketable.AveragePrice.Should().Be(985m);
        (await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken)).UtilizedAmount.Should().Be(19_700m);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_SameIdempotencyKeyTwice_ReturnsTheSameOrderAndStoresOne(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(client, Order("BUY", Hdfc, 3, "MARKET"), cancellationToken, key);
        server.Market.SetLtp(Hdfc, 999f);
        using var retry = await PostAsync(client, Order("BUY", Hdfc, 3, "MARKET"), cancellationToken, key);
        using var misuse = await PostAsync(client, Order("BUY", Hdfc, 4, "MARKET"), cancellationToken, key);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.GetValues(TradingEndpoints.ReplayedHeader).Should().Equal("true");
        var a = await TradingTestServer.ReadAsync<OrderResponse>(first, cancellationToken);
        var b = await TradingTestServer.ReadAsync<OrderResponse>(retry, cancellationToken);
        b.Should().BeEquivalentTo(a);
        misuse.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await GetAsync<List<OrderResponse>>(client, "/api/orders", cancellationToken)).Should().ContainSingle();
        (await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken)).Single().NetQuantity.Should().Be(3);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_ConcurrentRetriesWithOneKey_CreateOneOrder(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(client, Order("BUY", Hdfc, 1, "MARKET"), cancellationToken, key)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await TradingTestServer.ReadAsync<OrderResponse>(r, cancellationToken)).OrderId));
        ids.Distinct().Should().ContainSingle();
        (await GetAsync<List<OrderResponse>>(client, "/api/orders", cancellationToken)).Should().ContainSingle();
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Place_TwoConcurrentOrdersExceedingFundsTogether_ExactlyOneSucceeds(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        server.Market.SetLtp(Hdfc, 1000f);
        for (var round = 0; round < 3; round++)
        {
            using var client = server.Client(await server.CreateUserAsync(cancellationToken, $"racer{round}"));
            var orders = new[]
            {
                Order("BUY", Hdfc, 600, "MARKET"),
                round == 1 ? Order("BUY", Hdfc, 600, "LIMIT", price: 1000m) : Order("BUY", Hdfc, 600, "LIMIT", price: 990m),
            };

            var responses = await Task.WhenAll(orders.Select(o => PostAsync(client, o, cancellationToken)));

            responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, $"round {round}: ₹6 lakh each against ₹10 lakh");
            responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity).Should().Be(1);
            var funds = await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);
            funds.AvailableBalance.Should().BeGreaterThanOrEqualTo(0m);
            funds.UtilizedAmount.Should().BeInRange(594_000m, 600_000m);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task Restart_OpenOrdersAndPositions_AreIntactAndKeepWorking(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        var market = new TradingFakeMarket();
        long user;
        OrderResponse resting;
        List<OrderResponse> ordersBefore;
        List<PositionResponse> positionsBefore;
        FundsResponse fundsBefore;
        await using (var first = await TradingTestServer.StartAsync(directory, cancellationToken, market))
        {
            user = await first.CreateUserAsync(cancellationToken);
            using var client = first.Client(user);
            market.SetLtp(Hdfc, 985f);
            market.SetLtp(NiftyFut, 26150f);
            await PlaceAsync(client, Order("BUY", Hdfc, 10, "MARKET"), cancellationToken);
            await PlaceAsync(client, Order("SELL", NiftyFut, 65, "MARKET", product: "INTRADAY"), cancellationToken);
            resting = await PlaceAsync(client, Order("BUY", Hdfc, 5, "LIMIT", price: 970m), cancellationToken);
            ordersBefore = await GetAsync<List<OrderResponse>>(client, "/api/orders", cancellationToken);
            positionsBefore = await GetAsync<List<PositionResponse>>(client, "/api/positions", cancellationToken);
            fundsBefore = await GetAsync<FundsResponse>(client, "/api/funds", cancellationToken);
        }

        await using var second = await TradingTestServer.StartAsync(directory, cancellationToken, market);
        using var again = second.Client(user);

        (await GetAsync<List<OrderResponse>>(again, "/api/orders", cancellationToken)).Should().BeEquivalentTo(ordersBefore);
        (await GetAsync<List<PositionResponse>>(again, "/api/positions", cancellationToken)).Should().BeEquivalentTo(positionsBefore);
        (await GetAsync<FundsResponse>(again, "/api/funds", cancellationToken)).Should().BeEquivalentTo(fundsBefore);
        second.Feed.HeldBy(PaperMarketInterest.ConnectionId).Should().BeEquivalentTo([Hdfc, NiftyFut], "open orders and positions are subscribed again at start");

        market.Tick(Hdfc, 969.95f, second.Engine);
        await ClientTestWait.UntilAsync(() => second.Publisher.Updates.Any(u => u.Order.OrderId == resting.OrderId && u.Order.OrderStatus == "TRADED"), "the restored order filled", cancellationToken);
        (await GetAsync<List<PositionResponse>>(again, "/api/positions", cancellationToken)).Single(p => p.SecurityId == "1333").NetQuantity.Should().Be(15);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Sweep_WithoutNotifications_StillFillsCrossedOrders(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(
            directory, cancellationToken, settings: new Dictionary<string, string?> { ["Relay:Trading:FillSweepInterval"] = "00:00:00.2" });
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));
        server.Market.SetLtp(Hdfc, 985f);
        var order = await PlaceAsync(client, Order("SELL", Hdfc, 1, "LIMIT", price: 990m, product: "INTRADAY"), cancellationToken);

        server.Market.SetLtp(Hdfc, 990f);

        await ClientTestWait.UntilAsync(() => server.Publisher.Updates.Any(u => u.Order.OrderId == order.OrderId && u.Order.OrderStatus == "TRADED"), "the sweep filled the order", cancellationToken);
    }

    private static async Task<OrderResponse> PutAsync(HttpClient client, string orderId, object change, CancellationToken cancellationToken)
    {
        using var response = await client.PutAsJsonAsync(new Uri($"/api/orders/{orderId}", UriKind.Relative), change, cancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(cancellationToken));
        return await TradingTestServer.ReadAsync<OrderResponse>(response, cancellationToken);
    }

    /// <summary>Moves the price and waits until the engine has looked at it (or, when none is expected, for a short while).</summary>
    private static async Task TickAndWaitForPassAsync(TradingTestServer server, float ltp, CancellationToken cancellationToken, bool expectPass = true)
    {
        var passes = server.Engine.Passes;
        server.Market.Tick(Hdfc, ltp, server.Engine);
        if (expectPass)
        {
            await ClientTestWait.UntilAsync(() => server.Engine.Passes > passes, "the fill engine checked the new price", cancellationToken);
        }
        else
        {
            server.Engine.CheckAll();
            await ClientTestWait.UntilAsync(() => server.Engine.Passes > passes, "the fill engine ran", cancellationToken);
        }
    }
}
