using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Relay.Core.Contracts;
using Relay.Core.Upstream;
using Relay.Tests.Support;
using static Relay.Tests.Support.ServerSnapshots;
using MarketHub = Relay.Core.Contracts.MarketHub;

namespace Relay.Tests.Server.Hubs;

internal sealed class MarketHubProtocolTests
{
    private const long ReceivedAt = 1_729_412_345_678;

    [TestCase(false, TestName = "EveryMessageKind_Json_RoundTripsExactValues")]
    [TestCase(true, TestName = "EveryMessageKind_MessagePack_RoundTripsExactValues")]
    [CancelAfter(20_000)]
    public async Task EveryMessageKind_Protocol_RoundTripsExactValues(bool messagePack, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        app.State.Set(Full(HdfcBank, ltt: 1_729_412_300, receivedAt: ReceivedAt));
        await using var client = await app.ConnectAsync(cancellationToken, messagePack);

        // Subscribe result: an accepted instrument with its snapshot and a rejected one with its reason.
        List<InstrumentRef> instruments = [InstrumentRef.From(HdfcBank), new() { ExchangeSegment = "NSE_EQ", SecurityId = "abc" }];
        var results = await client.Connection.InvokeAsync<SubscriptionResult[]>(MarketHub.Subscribe, instruments, "Ticker", cancellationToken);
        await client.SubscribeAsync("Quote", cancellationToken, HdfcBank);
        await client.SubscribeAsync("Full", cancellationToken, HdfcBank);

        results.Should().HaveCount(2);
        results[0].Should().BeEquivalentTo(new SubscriptionResult
        {
            ExchangeSegment = "NSE_EQ",
            SecurityId = "1333",
            Accepted = true,
            Snapshot = ExpectedFull(1_729_412_300),
        });
        results[1].Should().BeEquivalentTo(new SubscriptionResult
        {
            ExchangeSegment = "NSE_EQ",
            SecurityId = "abc",
            Accepted = false,
            Reason = "Security id 'abc' is not a positive integer.",
        });

        // Tick, Quote and Full from one update (the connection holds the instrument in all three modes).
        app.Publish(Full(HdfcBank, ltt: 1_729_412_345, receivedAt: ReceivedAt));
        await ServerWait.UntilAsync(() => !client.Ticks.IsEmpty && !client.Quotes.IsEmpty && !client.Fulls.IsEmpty, "all three messages arrived");

        client.Ticks.Single().Should().BeEquivalentTo(new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 24350.05, Ltt = 1_729_412_345 });
        client.Quotes.Single().Should().BeEquivalentTo(ExpectedQuote(1_729_412_345));
        client.Fulls.Single().Should().BeEquivalentTo(ExpectedFull(1_729_412_345), o => o.WithStrictOrdering());

        // FeedStatus.
        app.Feed.SetStatus(new FeedStatus(FeedState.CredentialsRejected, "Access token expired (807).", "Dhan", DateTimeOffset.FromUnixTimeMilliseconds(1_729_412_999_123)));
        await ServerWait.UntilAsync(() => client.Statuses.Count == 2, "the status change arrived");
        client.Statuses.Last().Should().BeEquivalentTo(new FeedStatusMessage { State = "CredentialsRejected", Reason = "Access token expired (807).", Source = "Dhan", Since = 1_729_412_999_123 });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task FullMessage_JsonWire_CamelCaseNamesAndShortestPrices(CancellationToken cancellationToken)
    {
        var text = await PublishedTextAsync("Full", "Full", cancellationToken);

        using var message = JsonDocument.Parse(text);
        var full = message.RootElement.GetProperty("arguments")[0];
        full.GetProperty("ltp").GetRawText().Should().Be("24350.05", "the shortest decimal of the float32, not 24350.05078125");
        full.GetProperty("atp").GetRawText().Should().Be("24349.35");
        full.GetProperty("prevClose").GetRawText().Should().Be("24290.45");
        full.GetProperty("depth")[1].GetProperty("bidPrice").GetRawText().Should().Be("24349.95");
        full.EnumerateObject().Select(p => p.Name).Should().Equal(
            "exchangeSegment", "securityId", "ltp", "ltt", "receivedAt", "ltq", "atp", "volume", "totalBuyQuantity", "totalSellQuantity",
            "open", "high", "low", "close", "oi", "prevClose", "oiDayHigh", "oiDayLow", "depth");
        full.GetProperty("depth")[0].EnumerateObject().Select(p => p.Name).Should().Equal(
            "bidQuantity", "askQuantity", "bidOrders", "askOrders", "bidPrice", "askPrice");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task TickMessage_JsonWire_PositionalArrayWithoutReceiveTime(CancellationToken cancellationToken)
    {
        var text = await PublishedTextAsync("Ticker", "Tick", cancellationToken);

        text.Should().Be("""{"type":1,"target":"Tick","arguments":[[1,1333,24350.05,1729412345]]}""", "[segmentCode, securityId, ltp, ltt]");
    }

    // The raw JSON text of the message a JSON client subscribed to HDFC Bank in `mode` receives for one published update.
    private static async Task<string> PublishedTextAsync(string mode, string target, CancellationToken cancellationToken)
    {
        await using var app = await ServerTestApp.StartAsync();
        using var socket = await ServerRawHubSocket.ConnectAsync(app.BaseUri, cancellationToken);
        await socket.SendAsync($$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[[{"exchangeSegment":"NSE_EQ","securityId":"1333"}],"{{mode}}"]}""", cancellationToken);
        await socket.ReceiveUntilAsync("\"invocationId\":\"1\"", cancellationToken);

        app.Publish(Full(HdfcBank, ltt: 1_729_412_345, receivedAt: ReceivedAt));
        return await socket.ReceiveUntilAsync($"\"target\":\"{target}\"", cancellationToken);
    }

    private static QuoteMessage ExpectedQuote(long ltt) => new()
    {
        ExchangeSegment = "NSE_EQ",
        SecurityId = "1333",
        Ltp = 24350.05,
        Ltt = ltt,
        ReceivedAt = ReceivedAt,
        Ltq = 25,
        Atp = 24349.35,
        Volume = 1_234_567,
        TotalBuyQuantity = 56_789,
        TotalSellQuantity = 45_678,
        Open = 24300.1,
        High = 24400.95,
        Low = 24250.2,
        Close = 24290.45,
        Oi = 987_654,
        PrevClose = 24290.45,
    };

    private static FullMessage ExpectedFull(long ltt) => new()
    {
        ExchangeSegment = "NSE_EQ",
        SecurityId = "1333",
        Ltp = 24350.05,
        Ltt = ltt,
        ReceivedAt = ReceivedAt,
        Ltq = 25,
        Atp = 24349.35,
        Volume = 1_234_567,
        TotalBuyQuantity = 56_789,
        TotalSellQuantity = 45_678,
        Open = 24300.1,
        High = 24400.95,
        Low = 24250.2,
        Close = 24290.45,
        Oi = 987_654,
        PrevClose = 24290.45,
        OiDayHigh = 1_000_000,
        OiDayLow = 900_000,
        Depth =
        [
            new() { BidQuantity = 100, AskQuantity = 200, BidOrders = 10, AskOrders = 20, BidPrice = 24350, AskPrice = 24350.1 },
            new() { BidQuantity = 101, AskQuantity = 201, BidOrders = 11, AskOrders = 21, BidPrice = 24349.95, AskPrice = 24350.15 },
            new() { BidQuantity = 102, AskQuantity = 202, BidOrders = 12, AskOrders = 22, BidPrice = 24349.9, AskPrice = 24350.2 },
            new() { BidQuantity = 103, AskQuantity = 203, BidOrders = 13, AskOrders = 23, BidPrice = 24349.85, AskPrice = 24350.25 },
            new() { BidQuantity = 104, AskQuantity = 204, BidOrders = 14, AskOrders = 24, BidPrice = 24349.8, AskPrice = 24350.3 },
        ],
    };
}
