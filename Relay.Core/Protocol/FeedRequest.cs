using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>A client request as the server side (the simulator) reads it.</summary>
/// <param name="Code">The request code.</param>
/// <param name="Instruments">The instruments of a list-form request; empty for a disconnect.</param>
/// <param name="DeclaredCount">The <c>InstrumentCount</c> the client sent, or -1 when absent.</param>
public sealed record FeedRequest(FeedRequestCode Code, IReadOnlyList<InstrumentKey> Instruments, int DeclaredCount);
