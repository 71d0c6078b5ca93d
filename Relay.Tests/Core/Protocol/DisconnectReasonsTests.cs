using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

internal sealed class DisconnectReasonsTests
{
    [TestCase(800, "internal server error", DisconnectReaction.Retry)]
    [TestCase(804, "number of instruments exceeds the limit", DisconnectReaction.BackOffHard)]
    [TestCase(805, "too many requests or connections", DisconnectReaction.BackOffHard)]
    [TestCase(806, "Data APIs not subscribed", DisconnectReaction.CredentialsRejected)]
    [TestCase(807, "access token expired", DisconnectReaction.CredentialsRejected)]
    [TestCase(808, "authentication failed", DisconnectReaction.CredentialsRejected)]
    [TestCase(809, "access token invalid", DisconnectReaction.CredentialsRejected)]
    [TestCase(810, "client id invalid", DisconnectReaction.CredentialsRejected)]
    [TestCase(811, "invalid expiry date", DisconnectReaction.Retry)]
    [TestCase(812, "invalid date format", DisconnectReaction.Retry)]
    [TestCase(813, "invalid security id", DisconnectReaction.Retry)]
    [TestCase(814, "invalid request", DisconnectReaction.Retry)]
    public void DocumentedCode_HasItsMeaningAndReaction(int code, string meaning, DisconnectReaction reaction)
    {
        DisconnectReasons.Describe((ushort)code).Should().StartWith($"{code} ").And.ContainEquivalentOf(meaning);
        DisconnectReasons.ReactionTo((ushort)code).Should().Be(reaction);
        Enum.IsDefined((DisconnectReason)code).Should().BeTrue();
    }

    [Test]
    public void DecodedTv7_Is805TooManyConnectionsAndBacksOffHard()
    {
        var packet = new DisconnectPacket(805);

        packet.Reason.Should().Be(DisconnectReason.TooManyConnections);
        DisconnectReasons.ReactionTo(packet.ReasonCode).Should().Be(DisconnectReaction.BackOffHard);
    }

    [TestCase(0)]
    [TestCase(801)]
    [TestCase(803)]
    [TestCase(815)]
    [TestCase(65535)]
    public void UndocumentedCode_IsDescribedAsSuchAndRetried(int code)
    {
        DisconnectReasons.Describe((ushort)code).Should().Be($"{code} undocumented disconnect reason");
        DisconnectReasons.ReactionTo((ushort)code).Should().Be(DisconnectReaction.Retry);
    }
}
