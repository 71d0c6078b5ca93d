using Relay.Core.Contracts;

namespace Relay.Server.Hubs;

/// <summary>
/// The instrument master as the hub sees it. An instrument missing from it is still subscribed (DhanHQ is the
/// judge), with a warning in its <see cref="SubscriptionResult"/>. Backed by the stored instrument master.
/// </summary>
internal interface IInstrumentCatalog
{
    /// <summary>Whether the instrument master lists <paramref name="instrument"/>.</summary>
    ValueTask<bool> ExistsAsync(InstrumentKey instrument, CancellationToken cancellationToken);
}
