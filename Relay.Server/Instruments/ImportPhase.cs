namespace Relay.Server.Instruments;

/// <summary>The stage an instrument import is in.</summary>
internal enum ImportPhase
{
    /// <summary>Reading and writing rows.</summary>
    Reading,

    /// <summary>Rebuilding the search index.</summary>
    Indexing,

    /// <summary>Committed.</summary>
    Completed,
}
