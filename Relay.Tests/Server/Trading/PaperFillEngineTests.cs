using System.Net;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Trading;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

/// <summary>The fill engine as a market-update sink, and end to end over the real engine and the embedded simulator.</summary>
internal sealed class PaperFillEngineTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [Test]
    [CancelAfter(30_000)]
    public async Task OnUpdated_InstrumentWithoutRestingOrders_DoesNotWakeTheLoop(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken);
        var other = InstrumentKey.Parse("NSE_EQ:2885");
        var passes = server.Engine.Passes;

        server.Market.Tick(other, 1480f, server.Engine);
        server.Engine.OnUpdated(other, MarketUpdateKind.OpenInterest);
        server.Engine.CheckAll();
        await ClientTestWait.UntilAsync(() => server.Engine.Passes > passes, "the loop ran", cancellationToken);

        server.Engine.Fills.Should().Be(0);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Simulator_MarketFillsAtItsPrice_AndRestingOrdersFillWhenItsPriceCrosses(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(
            directory,
            cancellationToken,
            settings: new Dictionary<string, string?>
            {
                ["Relay:Simulator:TicksPerSecondPerInstrument"] = "40",
                ["Relay:Simulator:Seed"] = "7",
                ["Relay:Trading:FillSweepInterval"] = "01:00:00",
            },
            simulator: true);
        using var client = server.Client(await server.CreateUserAsync(cancellationToken));

        // No price yet: a far-away limit order rests, and holding it subscribes the instrument upstream.
        var anchor = await PaperBrokerTests.PlaceAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "LIMIT", price: 1m), cancellationToken);
        anchor.OrderStatus.Should().Be("PENDING");
        await ClientTestWait.UntilAsync(() => server.MarketState.TryGet(Hdfc, out var s) && s.Ltp > 0, "the simulator streamed HDFCBANK", cancellationToken, TimeSpan.FromSeconds(20));

        var market = await PaperBrokerTests.PlaceAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 2, "MARKET", price: 0.05m, product: "INTRADAY"), cancellationToken);
        market.OrderStatus.Should().Be("TRADED");
        market.AveragePrice.Should().BeInRange(500m, 2000m, "it filled at the simulator's HDFCBANK price, not the client's 0.05");

        // One tick either side of the last price: the random walk crosses one of them. An order the price already
        // satisfied when it arrived fills at once (at the better last price); only resting ones are watched here.
        var resting = new List<OrderResponse>();
        for (var attempt = 0; attempt < 5 && resting.Count == 0; attempt++)
        {
            var ltp = TickGrid.FromWire(server.MarketState.TryGet(Hdfc, out var now) ? now.Ltp : 0f, 0.05m)!.Value;
            foreach (var (side, price) in new[] { ("BUY", ltp - 0.05m), ("SELL", ltp + 0.05m) })
            {
                var placed = await PaperBrokerTests.PlaceAsync(client, PaperBrokerTests.Order(side, Hdfc, 1, "LIMIT", price: price, product: "INTRADAY"), cancellationToken);
                if (placed.OrderStatus == "PENDING")
                {
                    resting.Add(placed);
                }
            }
        }

        resting.Should().NotBeEmpty();
        await ClientTestWait.UntilAsync(
            () => server.Publisher.Updates.Any(u => resting.Any(r => r.OrderId == u.Order.OrderId) && u.Order.OrderStatus == "TRADED"),
            "a resting order filled from the simulator's ticks",
            cancellationToken,
            TimeSpan.FromSeconds(30));

        var filled = server.Publisher.Updates.First(u => u.Order.OrderStatus == "TRADED" && resting.Any(r => r.OrderId == u.Order.OrderId)).Order;
        filled.AveragePrice.Should().Be(filled.Price, "a resting limit order fills at its limit");
        server.Engine.Fills.Should().BeGreaterThan(0);
        using var cancel = await client.DeleteAsync(new Uri($"/api/orders/{anchor.OrderId}", UriKind.Relative), cancellationToken);
        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
