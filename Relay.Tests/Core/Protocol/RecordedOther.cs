using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

/// <summary>An <see cref="IPacketHandler.OnOther"/> call: the header and where the packet sits in the frame.</summary>
internal sealed record RecordedOther(PacketHeader Header, int Offset, int Length);
