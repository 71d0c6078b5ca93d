using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Relay.Server.Trading;

namespace Relay.Tests.Server.Trading;

internal sealed class TradingOptionsTests
{
    [TestCase(null, null, TradingBroker.Paper)]
    [TestCase(null, "Simulator", TradingBroker.Paper)]
    [TestCase(null, "Dhan", TradingBroker.Dhan)]
    [TestCase("Auto", "dhan", TradingBroker.Dhan)]
    [TestCase("Paper", "Dhan", TradingBroker.Paper)]
    [TestCase("Dhan", null, TradingBroker.Dhan)]
    public void Selection_FollowsBrokerThenFeedMode(string? broker, string? feedMode, TradingBroker expected)
    {
        using var services = Build(new Dictionary<string, string?> { ["Relay:Trading:Broker"] = broker, ["Relay:Feed:Mode"] = feedMode });

        services.GetRequiredService<TradingBrokerSelection>().Broker.Should().Be(expected);
    }

    [Test]
    public void Defaults_AreTheDocumentedOnes()
    {
        using var services = Build([]);
        var options = services.GetRequiredService<IOptions<TradingOptions>>().Value;

        options.StartingFunds.Should().Be(1_000_000m);
        options.IntradayLeverage.Should().Be(5);
        options.DhanBaseUrl.Should().Be(new Uri("https://api.dhan.co/v2"));
        options.DhanTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.OrdersPerSecondPerUser.Should().Be(10);
    }

    [TestCase("Relay:Trading:IntradayLeverage", "0")]
    [TestCase("Relay:Trading:StartingFunds", "-1")]
    [TestCase("Relay:Trading:DhanBaseUrl", "ftp://api.dhan.co/v2")]
    [TestCase("Relay:Trading:DhanBaseUrl", "https://api.dhan.co/v2?token=x")]
    [TestCase("Relay:Trading:DhanTimeout", "00:10:00")]
    public void InvalidSetting_FailsValidationNamingIt(string key, string value)
    {
        using var services = Build(new Dictionary<string, string?> { [key] = value });

        var act = () => services.GetRequiredService<IOptions<TradingOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{key.Split(':')[^1]}*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRelayTrading(configuration);
        return services.BuildServiceProvider();
    }
}
