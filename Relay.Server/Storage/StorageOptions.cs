using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Storage;

/// <summary>SQLite storage settings, bound from the <c>Relay:Storage</c> configuration section.</summary>
internal sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Storage";

    /// <summary>
    /// The SQLite database file. A relative path is resolved against the content root; the directory is created
    /// when missing. The data-protection keys that encrypt the broker credentials live in a <c>keys</c> folder
    /// beside it, so back up and move the whole folder. Default <c>data/relay.db</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(1024)]
    public string Path { get; set; } = "data/relay.db";

    /// <summary>
    /// How often changed market snapshots are written to the database, so the last known state survives a
    /// restart. Default 5 seconds; 1 second to 10 minutes. A final save always runs on shutdown.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SnapshotFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a connection waits for another writer's lock before failing (SQLite <c>busy_timeout</c>), in
    /// milliseconds. Default 10000 (an instrument import holds the write lock for a few seconds); 100 to 60000.
    /// </summary>
    [Range(100, 60_000)]
    public int BusyTimeoutMilliseconds { get; set; } = 10_000;
}
