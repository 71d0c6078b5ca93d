namespace Relay.Server.Instruments;

/// <summary>
/// The instrument master loaded on first start when the database has none: a scrip-master CSV (compact
/// columns; extra columns such as <c>SIM_REFERENCE_PRICE</c> are ignored). Relay bundles a sample
/// (<c>Relay.Core.Instruments.BundledInstruments.OpenCsv</c>).
/// </summary>
/// <param name="open">Opens the CSV; the seeder disposes the stream.</param>
internal sealed class InstrumentSeedSource(Func<Stream> open)
{
    /// <summary>Opens the CSV.</summary>
    public Stream Open() => open();
}
