using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

internal sealed class HubOrderUpdatePublisherTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [Test]
    [CancelAfter(30_000)]
    public async Task PlaceAndFill_PushOrderUpdateToTheOwnersConnectionsOnly(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken, hub: true);
        var alice = await server.CreateUserAsync(cancellationToken, "alice");
        var bob = await server.CreateUserAsync(cancellationToken, "bob");
        var aliceUpdates = new ConcurrentQueue<OrderUpdateMessage>();
        var bobUpdates = new ConcurrentQueue<OrderUpdateMessage>();
        await using var aliceHub = await ConnectAsync(server, alice, aliceUpdates, cancellationToken);
        await using var bobHub = await ConnectAsync(server, bob, bobUpdates, cancellationToken);
        using var client = server.Client(alice);
        server.Market.SetLtp(Hdfc, 985f);

        var order = await PaperBrokerTests.PlaceAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 3, "LIMIT", price: 980m), cancellationToken);
        server.Market.Tick(Hdfc, 979f, server.Engine);

        await ClientTestWait.UntilAsync(() => aliceUpdates.Any(u => u.OrderStatus == "TRADED"), "alice saw the fill", cancellationToken);
        aliceUpdates.Select(u => u.OrderStatus).Should().Equal("PENDING", "TRADED");
        var traded = aliceUpdates.Last();
        traded.OrderId.Should().Be(order.OrderId);
        traded.AveragePrice.Should().Be(980d);
        traded.FilledQuantity.Should().Be(3);
        traded.ExchangeSegment.Should().Be("NSE_EQ");
        traded.SecurityId.Should().Be("1333");
        bobUpdates.Should().BeEmpty();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RelayClient_OrderUpdateReceived_RaisedForTheUsersOrders(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var server = await TradingTestServer.StartAsync(directory, cancellationToken, hub: true);
        var user = await server.CreateUserAsync(cancellationToken);
        await using var relay = Relay.Client.RelayClient.Create(server.Address)
            .WithAccessToken(() => Task.FromResult<string?>($"user-{user}"))
            .Build();
        var received = new ConcurrentQueue<OrderUpdateMessage>();
        relay.OrderUpdateReceived += (_, message) => received.Enqueue(message);
        await relay.ConnectAsync(cancellationToken);
        using var client = server.Client(user);
        server.Market.SetLtp(Hdfc, 985.05f);

        var order = await PaperBrokerTests.PlaceAsync(client, PaperBrokerTests.Order("BUY", Hdfc, 1, "MARKET"), cancellationToken);

        await ClientTestWait.UntilAsync(() => !received.IsEmpty, "the client raised OrderUpdateReceived", cancellationToken);
        received.Single().Should().BeEquivalentTo(new { order.OrderId, OrderStatus = "TRADED", AveragePrice = 985.05d, Quantity = 1 });
    }

    private static async Task<HubConnection> ConnectAsync(TradingTestServer server, long userId, ConcurrentQueue<OrderUpdateMessage> updates, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, MarketHub.Path), o => o.Headers[TradingTestAuthHandler.Header] = userId.ToString(CultureInfo.InvariantCulture))
            .Build();
        connection.On<OrderUpdateMessage>(nameof(IMarketClient.OrderUpdate), updates.Enqueue);
        await connection.StartAsync(cancellationToken);
        return connection;
    }
}
