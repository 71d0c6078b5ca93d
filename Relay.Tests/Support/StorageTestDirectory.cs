using Microsoft.Data.Sqlite;

namespace Relay.Tests.Support;

/// <summary>A temporary content root for storage tests; deleted on dispose (pooled SQLite handles closed first).</summary>
internal sealed class StorageTestDirectory : IDisposable
{
    public StorageTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "relay-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The content root.</summary>
    public string Path { get; }

    /// <summary>The database file under the default relative path <c>data/relay.db</c>.</summary>
    public string DatabasePath => System.IO.Path.Combine(Path, "data", "relay.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
