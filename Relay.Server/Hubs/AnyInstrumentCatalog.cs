using Relay.Core.Contracts;

namespace Relay.Server.Hubs;

/// <summary>The catalog used when no instrument master is registered: every instrument counts as known (no warnings).</summary>
internal sealed class AnyInstrumentCatalog : IInstrumentCatalog
{
    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(InstrumentKey instrument, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
