namespace Relay.Server.Instruments;

/// <summary>How an import treats rows already in the instrument master.</summary>
internal sealed record InstrumentImportOptions
{
    /// <summary>The source recorded for rows seeded from the sample bundled with Relay.</summary>
    public const string BundledSampleSource = "bundled-sample";

    /// <summary>The source recorded for rows imported from a file.</summary>
    public const string FileSource = "file";

    /// <summary>
    /// Delete instruments this file does not contain (use with a complete master, not a per-segment file), so
    /// expired contracts go away. Default false: rows are only inserted or updated. Rows seeded from the
    /// bundled sample are always replaced by a real import.
    /// </summary>
    public bool Prune { get; init; }

    /// <summary><see cref="FileSource"/> (default) or <see cref="BundledSampleSource"/>.</summary>
    public string Source { get; init; } = FileSource;

    /// <summary>A name for the import history (the file name), or <c>null</c>.</summary>
    public string? FileName { get; init; }
}
