using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Core.Engine;
using Relay.Core.Instruments;
using Relay.Server.Hubs;
using Relay.Server.Storage;
using Relay.Server.Trading;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Trading;

internal sealed class TradingServiceCollectionExtensionsTests
{
    [TestCase("Simulator", typeof(PaperBroker))]
    [TestCase("Dhan", typeof(DhanBroker))]
    public void AddRelayTrading_WithTheServersServices_BuildsWithValidationAndPicksTheBroker(string feedMode, Type broker)
    {
        using var directory = new StorageTestDirectory();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.Path, EnvironmentName = "Test" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Relay:Feed:Mode"] = feedMode });
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateOnBuild = true;
            o.ValidateScopes = true;
        });
        builder.Services.AddRelayStorage(builder.Configuration, BundledInstruments.OpenCsv);
        builder.Services.AddRelayCore(builder.Configuration);
        builder.Services.AddRelayHub(builder.Configuration);
        builder.Services.AddRelayTrading(builder.Configuration);

        using var app = builder.Build();
        using var scope = app.Services.CreateScope();

        scope.ServiceProvider.GetRequiredService<ITradingBroker>().Should().BeOfType(broker);
        scope.ServiceProvider.GetRequiredService<IOrderUpdatePublisher>().Should().BeOfType<HubOrderUpdatePublisher>();
        app.Services.GetServices<IHostedService>().Should().Contain(s => s is PaperFillEngine);
    }
}
