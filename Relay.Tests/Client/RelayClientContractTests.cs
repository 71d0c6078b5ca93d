using System.Reflection;
using Relay.Client;
using Relay.Core.Contracts;

namespace Relay.Tests.Client;

internal sealed class RelayClientContractTests
{
    [Test]
    public async Task RegisteredCallbacks_MatchIMarketClientExactly()
    {
        await using var client = RelayClient.Create("http://127.0.0.1:1").Build();
        var contract = typeof(IMarketClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (m.Name, Parameters: string.Join(",", m.GetParameters().Select(p => p.ParameterType.FullName))))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

        var registered = client.RegisteredCallbacks
            .Select(r => (Name: r.MethodName, Parameters: string.Join(",", r.ParameterTypes.Select(t => t.FullName))))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

        contract.Should().NotBeEmpty();
        registered.Should().Equal(contract, "the client must listen to every server callback under exactly its contract name and signature");
        typeof(IMarketClient).GetMethods().Should().OnlyContain(m => m.ReturnType == typeof(Task), "hub client methods are fire-and-forget tasks");
    }

    [Test]
    public void HubMethodNames_AreTheContractsConstants()
    {
        MarketHub.Path.Should().Be("/hubs/market");
        MarketHub.Subscribe.Should().Be("Subscribe");
        MarketHub.Unsubscribe.Should().Be("Unsubscribe");
    }

    [TestCase("http://localhost:5000", "http://localhost:5000/hubs/market")]
    [TestCase("http://localhost:5000/", "http://localhost:5000/hubs/market")]
    [TestCase("https://relay.example.com/base", "https://relay.example.com/base/hubs/market")]
    [TestCase("http://localhost:5000/hubs/market", "http://localhost:5000/hubs/market")]
    [TestCase("http://localhost:5000/hubs/market/", "http://localhost:5000/hubs/market/")]
    public void ResolveHubUrl_ServerAddress_AppendsHubPathOnce(string url, string expected) =>
        RelayClient.ResolveHubUrl(new Uri(url)).ToString().Should().Be(expected);

    [Test]
    public void Constructor_NoUrl_ThrowsWithClearMessage()
    {
        var act = () => new RelayClient(new RelayClientOptions());

        act.Should().Throw<ArgumentException>().WithMessage("*Url is required*");
    }

    [Test]
    public void Constructor_RelativeOrWebSocketUrl_Throws()
    {
        var relative = () => new RelayClient(new RelayClientOptions { Url = new Uri("/hubs/market", UriKind.Relative) });
        var webSocket = () => new RelayClient(new RelayClientOptions { Url = new Uri("ws://localhost:5000") });

        relative.Should().Throw<ArgumentException>().WithMessage("*absolute http*");
        webSocket.Should().Throw<ArgumentException>().WithMessage("*absolute http*");
    }

    [Test]
    public async Task Builder_AllSettings_ReachTheClient()
    {
        var policy = new RelayRetryPolicy();
        await using var client = RelayClient.Create("http://127.0.0.1:1")
            .UseMessagePack()
            .WithAccessToken(() => Task.FromResult<string?>("t"))
            .WithReconnectPolicy(policy)
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .WithStreamCapacity(3)
            .Build();

        client.Protocol.Should().Be(RelayProtocol.MessagePack);
        client.HubUrl.Should().Be(new Uri("http://127.0.0.1:1/hubs/market"));
        client.State.Should().Be(RelayConnectionState.Disconnected);
        client.StreamAsync().Capacity.Should().Be(3);
    }

    [Test]
    public async Task SubscribeAsync_InvalidKeyOrMode_ThrowsArgumentException()
    {
        await using var client = RelayClient.Create("http://127.0.0.1:1").Build();

        var badKey = () => client.SubscribeAsync([default], FeedMode.Ticker);
        var badMode = () => client.SubscribeAsync([InstrumentKey.Parse("NSE_EQ:1")], (FeedMode)9);

        await badKey.Should().ThrowAsync<ArgumentException>();
        await badMode.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task Methods_AfterDispose_ThrowObjectDisposed()
    {
        var client = RelayClient.Create("http://127.0.0.1:1").Build();
        await client.DisposeAsync();
        await client.DisposeAsync();

        await client.Invoking(c => c.ConnectAsync()).Should().ThrowAsync<ObjectDisposedException>();
        await client.Invoking(c => c.SubscribeAsync([InstrumentKey.Parse("NSE_EQ:1")], FeedMode.Quote)).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public void MapResults_OutOfOrderOrMissing_PairsByInstrument()
    {
        var a = InstrumentKey.Parse("NSE_EQ:1");
        var b = InstrumentKey.Parse("NSE_EQ:2");
        var c = InstrumentKey.Parse("NSE_EQ:3");
        SubscriptionResult[] raw =
        [
            new() { ExchangeSegment = "NSE_EQ", SecurityId = "2", Accepted = true, Warning = "not in master" },
            new() { ExchangeSegment = "nse_eq", SecurityId = "1", Reason = "limit" },
        ];

        var mapped = RelayClient.MapResults([a, b, c], FeedMode.Quote, raw);

        mapped.Select(r => (r.Instrument, r.Status)).Should().Equal((a, SubscriptionStatus.Rejected), (b, SubscriptionStatus.Accepted), (c, SubscriptionStatus.Rejected));
        mapped[0].Reason.Should().Be("limit");
        mapped[1].Warning.Should().Be("not in master");
        mapped[2].Reason.Should().Contain("no result");
    }
}
