using System.Globalization;
using Relay.Server.Storage;

namespace Relay.Server.Instruments;

/// <summary>
/// The <c>import-instruments</c> command line:
/// <c>dotnet run --project Relay.Server -- import-instruments path/to/api-scrip-master.csv [--prune]</c>.
/// Uses the app's own configuration (so the same database); prints progress and a summary.
/// </summary>
internal static class ImportInstrumentsCommand
{
    /// <summary>The first argument that selects this command.</summary>
    public const string Name = "import-instruments";

    /// <summary>Exit code: the import committed (possibly with skipped rows).</summary>
    public const int Success = 0;

    /// <summary>Exit code: the file was unusable or could not be read; nothing was written.</summary>
    public const int ImportFailed = 1;

    /// <summary>Exit code: wrong arguments.</summary>
    public const int UsageError = 2;

    private const int ListedErrors = 20;

    /// <summary>
    /// Runs the command. <paramref name="args"/> is the full command line (<c>import-instruments</c> first);
    /// <paramref name="services"/> is the built app's service provider (storage registered, not yet running).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);

        var rest = args.SkipWhile(a => !string.Equals(a, Name, StringComparison.OrdinalIgnoreCase)).Skip(1).ToList();
        var prune = rest.Remove("--prune");
        var files = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (files.Count != 1 || rest.Count != files.Count)
        {
            await output.WriteLineAsync("usage: import-instruments <scrip-master.csv> [--prune]");
            await output.WriteLineAsync("  Imports DhanHQ's scrip master (compact or detailed CSV) into the instrument master.");
            await output.WriteLineAsync("  --prune  also delete instruments the file does not contain (use with the complete master).");
            return UsageError;
        }

        var path = Path.GetFullPath(files[0]);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"error: file not found: {path}");
            return ImportFailed;
        }

        // Only the schema: seeding the sample right before a real import would be wasted work.
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        var importer = services.GetRequiredService<InstrumentCsvImporter>();
        await output.WriteLineAsync($"Importing {path}{(prune ? " (pruning instruments not in the file)" : "")}...");

        InstrumentImportResult result;
        try
        {
            result = await importer.ImportFileAsync(path, new InstrumentImportOptions { Prune = prune }, new ConsoleProgress(output), cancellationToken);
        }
        catch (IOException ex)
        {
            await output.WriteLineAsync($"error: cannot read the file: {ex.Message}");
            return ImportFailed;
        }

        foreach (var error in result.Errors.Take(ListedErrors))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  skipped line {error.Line}: {error.Reason}"));
        }

        if (result.RowsSkipped > ListedErrors)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ... and {result.RowsSkipped - ListedErrors:N0} more skipped rows"));
        }

        foreach (var warning in result.Warnings)
        {
            await output.WriteLineAsync($"warning: {warning}");
        }

        if (!result.Succeeded)
        {
            await output.WriteLineAsync($"error: {result.Error} Nothing was imported.");
            return ImportFailed;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Imported {result.Inserted + result.Updated:N0} rows ({result.Format} format): {result.Inserted:N0} new, {result.Updated:N0} updated, {result.Removed:N0} removed, {result.RowsSkipped:N0} skipped, in {result.Elapsed.TotalSeconds:0.0} s. The master holds {result.TotalInstruments:N0} instruments."));
        return Success;
    }

    /// <summary>Prints progress on the importing thread, in order (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class ConsoleProgress(TextWriter output) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => output.WriteLine(value.Phase switch
        {
            ImportPhase.Reading => string.Create(CultureInfo.InvariantCulture, $"  {value.RowsRead:N0} rows read ({value.RowsSkipped:N0} skipped)"),
            ImportPhase.Indexing => string.Create(CultureInfo.InvariantCulture, $"  {value.RowsRead:N0} rows read; rebuilding the search index..."),
            _ => "  committed.",
        });
    }
}
