namespace Relay.Server.Instruments;

/// <summary>Progress of an instrument import, reported every few thousand rows and at each phase change.</summary>
/// <param name="Phase">The stage.</param>
/// <param name="RowsRead">Data rows read so far (the header excluded).</param>
/// <param name="RowsSkipped">Rows skipped as malformed so far.</param>
internal readonly record struct ImportProgress(ImportPhase Phase, long RowsRead, long RowsSkipped);
