using Relay.Core.Protocol;

namespace Relay.Tests.Core.Protocol;

/// <summary>An <see cref="IPacketHandler.OnMalformed"/> call: why, where, and how many bytes were skipped.</summary>
internal sealed record RecordedMalformed(DecodeError Error, int Offset, int Length);
