using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Contracts;
using Relay.Core.Simulator;

namespace Relay.Tests.Core.Simulator;

internal sealed class SimulatorOptionsTests
{
    [Test]
    public void Defaults_AreDhanHqValues()
    {
        var options = new SimulatorOptions();

        options.Should().BeEquivalentTo(new
        {
            Port = 0,
            ClientId = "SIMULATOR",
            AccessToken = "simulator-token",
            PingInterval = TimeSpan.FromSeconds(10),
            PongTimeout = TimeSpan.FromSeconds(40),
            MaxInstrumentsPerRequest = 100,
            MaxInstrumentsPerSocket = 5000,
            MaxConnectionsPerClient = 5,
            MaxPacketsPerFrame = 1,
            TicksPerSecondPerInstrument = 2.0,
            WrongAccessTokenReason = (ushort)809,
            WrongClientIdReason = (ushort)808,
        });
    }

    [TestCase(nameof(SimulatorOptions.MaxPacketsPerFrame), 0)]
    [TestCase(nameof(SimulatorOptions.TicksPerSecondPerInstrument), 0.0)]
    [TestCase(nameof(SimulatorOptions.Port), 70_000)]
    [TestCase(nameof(SimulatorOptions.WrongAccessTokenReason), (ushort)12)]
    public void Constructor_OutOfRangeOption_ThrowsValidationException(string property, object value)
    {
        var options = new SimulatorOptions();
        typeof(SimulatorOptions).GetProperty(property)!.SetValue(options, value);

        var create = () => new FeedSimulator(options);

        create.Should().Throw<ValidationException>().WithMessage($"*{property}*");
    }

    [Test]
    public void Constructor_ZeroPingInterval_ThrowsValidationException()
    {
        var create = () => new FeedSimulator(new SimulatorOptions { PingInterval = TimeSpan.Zero });

        create.Should().Throw<ValidationException>().WithMessage("*PingInterval*");
    }

    [Test]
    public async Task HostingConstructor_ResolvesFromServicesBoundToTheRelaySimulatorSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:Simulator:Seed"] = "99",
            ["Relay:Simulator:TicksPerSecondPerInstrument"] = "4.5",
            ["Relay:Simulator:PongTimeout"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging()
            .AddSingleton<FeedSimulator>();
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // FeedSimulator is only IAsyncDisposable: the container must be disposed asynchronously (as ASP.NET Core does).
        await using var provider = services.BuildServiceProvider();

        var simulator = provider.GetRequiredService<FeedSimulator>();

        simulator.Seed.Should().Be(99);
        provider.GetRequiredService<IOptions<SimulatorOptions>>().Value.PongTimeout.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Test]
    public void NextInterval_HotAndBurst_ShortenTheMeanInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 4, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions
        {
            Seed = 1,
            TicksPerSecondPerInstrument = 10,
            HotInstrumentCount = 1,
            HotRateMultiplier = 4,
            BurstInterval = TimeSpan.FromSeconds(10),
            BurstDuration = TimeSpan.FromSeconds(1),
            BurstRateMultiplier = 5,
        };
        var simulator = new FeedSimulator(options, time);
        var hot = simulator.Market.Get(new InstrumentKey(ExchangeSegment.NSE_EQ, 1333));
        var cold = simulator.Market.Get(new InstrumentKey(ExchangeSegment.NSE_EQ, 2885));
        var random = new Random(3);
        double MeanSeconds(SimulatedInstrumentState state) =>
            Enumerable.Range(0, 4_000).Average(_ => simulator.NextInterval(state, time.GetTimestamp(), random)) / time.TimestampFrequency;

        time.Advance(TimeSpan.FromSeconds(5));
        MeanSeconds(cold).Should().BeApproximately(0.1, 0.005);
        MeanSeconds(hot).Should().BeApproximately(0.025, 0.002);

        time.Advance(TimeSpan.FromSeconds(5.5));
        MeanSeconds(cold).Should().BeApproximately(0.02, 0.001, "10.5 s is inside the burst that starts every 10 s");

        simulator.SetTickRate(100);
        time.Advance(TimeSpan.FromSeconds(2));
        MeanSeconds(cold).Should().BeApproximately(0.01, 0.0005);
        var invalid = () => simulator.SetTickRate(0);
        invalid.Should().Throw<ArgumentOutOfRangeException>();
    }
}
