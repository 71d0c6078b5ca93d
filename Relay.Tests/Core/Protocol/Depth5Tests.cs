using Relay.Core.Protocol;
using Relay.Tests.Support;

namespace Relay.Tests.Core.Protocol;

internal sealed class Depth5Tests
{
    [TestCase(0)]
    [TestCase(2)]
    [TestCase(4)]
    public void Equals_FullPacketsDifferingInOneDepthLevel_AreNotEqual(int level)
    {
        var full = (FullPacket)ProtocolTestVectors.Full.Expected;
        var depth = full.Depth;
        depth[level] = depth[level] with { AskPrice = depth[level].AskPrice + 0.05f };
        var changed = full.WithDepth(depth);

        changed.Should().NotBe(full);
        changed.Depth.Should().NotBe(full.Depth);
        (changed.Depth != full.Depth).Should().BeTrue();
    }

    [Test]
    public void Equals_SameLevels_AreEqualWithEqualHashCodes()
    {
        var full = (FullPacket)ProtocolTestVectors.Full.Expected;
        var copy = full.WithDepth(full.Depth);

        copy.Should().Be(full);
        copy.GetHashCode().Should().Be(full.GetHashCode());
    }
}
