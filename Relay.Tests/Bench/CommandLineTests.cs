using LoadCommandLine = Relay.Bench.Load.CommandLine;

namespace Relay.Tests.Bench;

internal sealed class CommandLineTests
{
    [Test]
    public void Unknown_MistypedOption_IsListedAndKnownOnesAreNot()
    {
        var options = new LoadCommandLine(["--scenario", "L1", "--output", "/tmp/x", "--Assert-Correct"]);

        options.Unknown(["scenario", "out", "assert-correct"]).Should().Equal("output");
    }

    [Test]
    public void Values_BareOptionIsTrueAndValuesAreRead()
    {
        var options = new LoadCommandLine(["--assert-correct", "--duration-scale", "0.5", "--clients", "30"]);

        options.Bool("assert-correct", false).Should().BeTrue();
        options.Double("duration-scale", 1).Should().Be(0.5);
        options.Int("clients", 0).Should().Be(30);
        options.String("server", "default").Should().Be("default");
    }

    [Test]
    public void Constructor_ValueWithoutOption_ThrowsNamingIt()
    {
        var act = () => new LoadCommandLine(["L1"]);

        act.Should().Throw<ArgumentException>().WithMessage("*'L1'*");
    }
}
