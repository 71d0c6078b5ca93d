using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Tests.Core.Subscriptions;

/// <summary>One request the fake upstream accepted, parsed back.</summary>
internal sealed record RecordedRequest(int Socket, FeedRequestCode Code, IReadOnlyList<InstrumentKey> Instruments)
{
    public bool IsSubscribe => FeedModeCodes.TryGetMode(Code, out _, out var subscribe) && subscribe;

    public FeedMode Mode => FeedModeCodes.TryGetMode(Code, out var mode, out _) ? mode : default;
}
