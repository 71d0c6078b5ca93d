using Relay.Core.Contracts;
using Relay.Server.Hubs;

namespace Relay.Server.Instruments;

/// <summary>The hub's "is this instrument in the master?" check, answered by the (cached) instrument master.</summary>
internal sealed class InstrumentMasterCatalog(InstrumentSearch search) : IInstrumentCatalog
{
    public async ValueTask<bool> ExistsAsync(InstrumentKey instrument, CancellationToken cancellationToken) =>
        await search.ExistsAsync(instrument, cancellationToken);
}
