using Microsoft.Extensions.Logging;

namespace Relay.Server.Instruments;

/// <summary>Loads the bundled sample instrument master when the instruments table is empty (first start).</summary>
internal sealed partial class InstrumentSeeder
{
    private readonly InstrumentCsvImporter _importer;
    private readonly InstrumentSearch _instruments;
    private readonly InstrumentSeedSource? _source;
    private readonly ILogger<InstrumentSeeder> _logger;

    public InstrumentSeeder(InstrumentCsvImporter importer, InstrumentSearch instruments, ILogger<InstrumentSeeder> logger, InstrumentSeedSource? source = null)
    {
        _importer = importer;
        _instruments = instruments;
        _source = source;
        _logger = logger;
    }

    /// <summary>
    /// Imports the sample when no instrument exists; returns true when it did. A failing sample is logged and
    /// skipped: Relay still starts (search finds nothing until an import).
    /// </summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (_source is null || await _instruments.CountAsync(cancellationToken) > 0)
        {
            return false;
        }

        await using var stream = _source.Open();
        var result = await _importer.ImportAsync(
            stream,
            new InstrumentImportOptions { Source = InstrumentImportOptions.BundledSampleSource, FileName = "bundled sample" },
            progress: null,
            cancellationToken);
        if (!result.Succeeded)
        {
            LogSampleFailed(result.Error ?? "unknown error");
            return false;
        }

        LogSeeded(result.Inserted);
        return true;
    }

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information, Message = "The instrument master was empty: loaded {Count} instruments from the bundled sample")]
    private partial void LogSeeded(long count);

    [LoggerMessage(EventId = 5211, Level = LogLevel.Warning, Message = "The bundled sample instrument master could not be loaded: {Error}")]
    private partial void LogSampleFailed(string error);
}
