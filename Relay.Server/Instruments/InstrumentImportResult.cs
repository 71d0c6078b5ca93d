namespace Relay.Server.Instruments;

/// <summary>The outcome of one instrument import. When <see cref="Succeeded"/> is false nothing was written.</summary>
internal sealed record InstrumentImportResult
{
    /// <summary>The most skipped rows listed in <see cref="Errors"/>; <see cref="RowsSkipped"/> counts them all.</summary>
    public const int MaxListedErrors = 100;

    /// <summary>True when the import committed.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Why the file was unusable (when <see cref="Succeeded"/> is false), otherwise <c>null</c>.</summary>
    public string? Error { get; init; }

    /// <summary>Which column set the file used: <c>compact</c> or <c>detailed</c>; <c>null</c> when unrecognised.</summary>
    public string? Format { get; init; }

    /// <summary>Data rows read.</summary>
    public long RowsRead { get; init; }

    /// <summary>Instruments that were not in the master before.</summary>
    public long Inserted { get; init; }

    /// <summary>Rows that updated an instrument already present (including repeats within the file).</summary>
    public long Updated { get; init; }

    /// <summary>Instruments deleted because the file did not contain them (pruning, or replaced sample rows).</summary>
    public long Removed { get; init; }

    /// <summary>Rows skipped as malformed.</summary>
    public long RowsSkipped { get; init; }

    /// <summary>The first <see cref="MaxListedErrors"/> skipped rows with their line and reason.</summary>
    public IReadOnlyList<ImportRowError> Errors { get; init; } = [];

    /// <summary>Observations that did not stop the import (e.g. implausible tick sizes).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Wall time of the import.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Total instruments in the master after the import.</summary>
    public long TotalInstruments { get; init; }
}
