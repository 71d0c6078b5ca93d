namespace Relay.Core.Instruments;

/// <summary>
/// The instrument sample bundled with Relay: <c>sample-scrip-master.csv</c>, in DhanHQ's compact scrip-master
/// format (protocol reference §6.5) plus one trailing column, <c>SIM_REFERENCE_PRICE</c> (a plausible price in
/// rupees, used only by the feed simulator; importers that read by header name ignore it).
/// </summary>
/// <remarks>
/// Content: the NIFTY 50 constituents on NSE (segment E, their DhanHQ/NSE security ids) and on BSE (their BSE
/// scrip codes), the main NSE and BSE indices, and a few NSE index futures and options expiring in December 2026
/// (synthetic ids). <c>SEM_TICK_SIZE</c> is in paise, as DhanHQ writes it (5.0 = ₹0.05).
/// </remarks>
public static class BundledInstruments
{
    /// <summary>The manifest resource name of the CSV inside Relay.Core.</summary>
    public const string ResourceName = "Relay.Core.Instruments.sample-scrip-master.csv";

    /// <summary>Opens the bundled CSV (UTF-8, LF line ends, header first). The caller disposes the stream.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing from the assembly (a build defect).</exception>
    public static Stream OpenCsv() =>
        typeof(BundledInstruments).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from Relay.Core.");
}
