using Relay.Bench.Load;

namespace Relay.Tests.Bench;

internal sealed class HubProtocolNameTests
{
    [TestCase("json", HubProtocolKind.Json)]
    [TestCase("MessagePack", HubProtocolKind.MessagePack)]
    [TestCase("msgpack", HubProtocolKind.MessagePack)]
    public void TryParse_KnownName_ReadsIt(string text, HubProtocolKind expected)
    {
        HubProtocolName.TryParse(text, out var protocol).Should().BeTrue();
        protocol.Should().Be(expected);
    }

    [TestCase("jsno")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_AnythingElse_IsFalse(string? text) =>
        HubProtocolName.TryParse(text, out _).Should().BeFalse();

    [Test]
    public void Of_EachKind_RoundTrips()
    {
        foreach (var kind in Enum.GetValues<HubProtocolKind>())
        {
            HubProtocolName.TryParse(HubProtocolName.Of(kind), out var back).Should().BeTrue();
            back.Should().Be(kind);
        }
    }
}
