using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Relay.Core.Market;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamServiceCollectionExtensionsTests
{
    [Test]
    public void AddRelayUpstream_ValidConfiguration_ResolvesOnePoolForEveryRole()
    {
        using var provider = Build(new() { ["Relay:Feed:Mode"] = "Dhan", ["Relay:Feed:MaxConnections"] = "2", ["Relay:Feed:ClientId"] = "1100", ["Relay:Feed:AccessToken"] = "t" });

        var pool = provider.GetRequiredService<UpstreamPool>();

        pool.SocketCount.Should().Be(2);
        pool.Status.Source.Should().Be("Dhan");
        provider.GetRequiredService<IUpstreamRequestSender>().Should().BeSameAs(pool);
        provider.GetServices<IHostedService>().Should().ContainSingle().Which.Should().BeSameAs(pool);
        provider.GetRequiredService<IMarketStateReader>().Should().BeSameAs(provider.GetRequiredService<MarketStateStore>());
        provider.GetRequiredService<FeedCredentialStore>().Current.Should().Be(new FeedCredentials("1100", "t"));
    }

    [TestCase("Relay:Feed:Url", "https://api-feed.dhan.co", "ws:// or wss://")]
    [TestCase("Relay:Feed:MaxConnections", "9", "MaxConnections")]
    public void AddRelayUpstream_InvalidConfiguration_FailsValidation(string key, string value, string message)
    {
        using var provider = Build(new() { [key] = value });

        var act = () => provider.GetRequiredService<IOptions<FeedOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{message}*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<IMarketUpdateSink>(new RecordingUpdateSink());
        services.AddRelayUpstream();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
