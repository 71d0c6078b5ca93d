using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Relay.Core.Subscriptions;

namespace Relay.Tests.Core.Subscriptions;

internal sealed class SubscriptionOptionsTests
{
    [Test]
    public void Defaults_AreValidAndDocumentedValues()
    {
        var options = new SubscriptionOptions();

        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true).Should().BeTrue();
        options.CoalesceWindow.Should().Be(TimeSpan.FromMilliseconds(25));
        options.ReconcileInterval.Should().Be(TimeSpan.FromSeconds(60));
        options.Placement.Should().Be(SocketPlacement.MostFreeRoom);
    }

    [Test]
    public void Bind_RelaySubscriptionsSection_ReadsEverySetting()
    {
        using var provider = Build(new()
        {
            ["Relay:Subscriptions:CoalesceWindow"] = "00:00:00.040",
            ["Relay:Subscriptions:ReconcileInterval"] = "00:00:00",
            ["Relay:Subscriptions:Placement"] = "FirstFit",
        });

        var options = provider.GetRequiredService<IOptions<SubscriptionOptions>>().Value;

        options.CoalesceWindow.Should().Be(TimeSpan.FromMilliseconds(40));
        options.ReconcileInterval.Should().Be(TimeSpan.Zero);
        options.Placement.Should().Be(SocketPlacement.FirstFit);
    }

    [TestCase("CoalesceWindow", "00:00:02")]
    [TestCase("CoalesceWindow", "-00:00:00.010")]
    [TestCase("ReconcileInterval", "02:00:00")]
    [TestCase("Placement", "7")]
    public void Bind_OutOfRange_FailsValidationNamingTheSetting(string setting, string value)
    {
        using var provider = Build(new() { ["Relay:Subscriptions:" + setting] = value });

        var act = () => provider.GetRequiredService<IOptions<SubscriptionOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{setting}*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<SubscriptionOptions>().Bind(configuration.GetSection(SubscriptionOptions.SectionName)).ValidateDataAnnotations();
        return services.BuildServiceProvider();
    }
}
