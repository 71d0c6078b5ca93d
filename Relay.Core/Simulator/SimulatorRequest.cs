using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>One text frame a client sent, as the simulator read it.</summary>
/// <param name="SocketId">The simulator's id of the socket.</param>
/// <param name="At">When it was read, from the simulator's <see cref="TimeProvider"/>.</param>
/// <param name="Code">The request code, or <c>null</c> when the frame could not be parsed.</param>
/// <param name="Instruments">The instruments of a list-form request, in order (empty for a disconnect or an unparsable frame).</param>
/// <param name="DeclaredCount">The <c>InstrumentCount</c> sent, or -1 when absent.</param>
/// <param name="Error">Why the frame could not be parsed, or <c>null</c>.</param>
public sealed record SimulatorRequest(
    int SocketId,
    DateTimeOffset At,
    FeedRequestCode? Code,
    IReadOnlyList<InstrumentKey> Instruments,
    int DeclaredCount,
    string? Error);
