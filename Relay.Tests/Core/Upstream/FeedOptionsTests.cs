using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

internal sealed class FeedOptionsTests
{
    [Test]
    public void Defaults_AreValidAndMatchTheIssue()
    {
        var options = new FeedOptions();

        Validate(options).Should().BeEmpty();
        options.Mode.Should().Be(FeedSource.Simulator);
        options.Url.Should().Be("wss://api-feed.dhan.co");
        (options.MaxConnections, options.MaxInstrumentsPerConnection).Should().Be((1, 5000));
        options.StaleAfter.Should().Be(TimeSpan.FromSeconds(50));
        (options.BaseDelay, options.MaxDelay).Should().Be((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
        options.KeepAliveInterval.Should().Be(TimeSpan.FromSeconds(10));
        options.KeepAliveTimeout.Should().Be(TimeSpan.FromSeconds(40), "DhanHQ's own pong timeout");
        options.ConfiguredCredentials.Should().BeNull();
    }

    [Test]
    public void KeepAlive_ShortStaleAfter_ScalesDown()
    {
        var options = new FeedOptions { StaleAfter = TimeSpan.FromSeconds(1) };

        options.KeepAliveInterval.Should().Be(TimeSpan.FromMilliseconds(200));
        options.KeepAliveTimeout.Should().Be(TimeSpan.FromMilliseconds(800));
    }

    [TestCase("http://api-feed.dhan.co", "ws:// or wss://")]
    [TestCase("api-feed.dhan.co", "ws:// or wss://")]
    [TestCase("wss://api-feed.dhan.co/?token=abc", "query string")]
    public void Validate_BadUrl_Fails(string url, string message)
    {
        var errors = Validate(new FeedOptions { Url = url });

        errors.Should().ContainSingle().Which.ErrorMessage.Should().Contain(message);
    }

    [TestCase(0)]
    [TestCase(6)]
    public void Validate_MaxConnectionsOutOfRange_Fails(int connections) =>
        Validate(new FeedOptions { MaxConnections = connections }).Should().ContainSingle().Which.MemberNames.Should().Contain(nameof(FeedOptions.MaxConnections));

    [Test]
    public void Validate_OnlyClientId_Fails() =>
        Validate(new FeedOptions { ClientId = "1100" }).Should().ContainSingle().Which.ErrorMessage.Should().Contain("both ClientId and AccessToken");

    [Test]
    public void Bind_FromConfiguration_ReadsEveryKnob()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:Feed:Mode"] = "Dhan",
            ["Relay:Feed:Url"] = "ws://127.0.0.1:9000",
            ["Relay:Feed:ClientId"] = "1100",
            ["Relay:Feed:AccessToken"] = "t",
            ["Relay:Feed:MaxConnections"] = "3",
            ["Relay:Feed:StaleAfter"] = "00:00:20",
            ["Relay:Feed:EvictedBackoff"] = "00:02:00",
        }).Build();

        var options = configuration.GetSection(FeedOptions.SectionName).Get<FeedOptions>()!;

        Validate(options).Should().BeEmpty();
        options.Mode.Should().Be(FeedSource.Dhan);
        options.MaxConnections.Should().Be(3);
        options.StaleAfter.Should().Be(TimeSpan.FromSeconds(20));
        options.EvictedBackoff.Should().Be(TimeSpan.FromMinutes(2));
        options.ConfiguredCredentials.Should().Be(new FeedCredentials("1100", "t"));
    }

    private static List<ValidationResult> Validate(FeedOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
