using Relay.Server.Hosting;

namespace Relay.Tests.Server.Hosting;

internal sealed class SharedArrayPoolSizingTests
{
    private string? _saved;

    [SetUp]
    public void Save() => _saved = Environment.GetEnvironmentVariable(SharedArrayPoolSizing.Variable);

    [TearDown]
    public void Restore() => Environment.SetEnvironmentVariable(SharedArrayPoolSizing.Variable, _saved);

    [Test]
    public void Apply_NotSet_Sets256ArraysPerCore()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolSizing.Variable, null);

        var inEffect = SharedArrayPoolSizing.Apply();

        inEffect.Should().Be("256");
        Environment.GetEnvironmentVariable(SharedArrayPoolSizing.Variable).Should().Be("256");
    }

    [Test]
    public void Apply_OperatorSetAValue_KeepsIt()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolSizing.Variable, "64");

        var inEffect = SharedArrayPoolSizing.Apply();

        inEffect.Should().Be("64");
        Environment.GetEnvironmentVariable(SharedArrayPoolSizing.Variable).Should().Be("64");
    }
}
