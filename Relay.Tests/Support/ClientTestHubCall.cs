using Relay.Core.Contracts;

namespace Relay.Tests.Support;

/// <summary>One Subscribe or Unsubscribe call the test hub received.</summary>
internal sealed record ClientTestHubCall(string ConnectionId, string Method, IReadOnlyList<InstrumentKey> Instruments, string Mode)
{
    public bool Contains(string method, InstrumentKey instrument, FeedMode mode) =>
        Method == method && Mode == mode.ToString() && Instruments.Contains(instrument);
}
