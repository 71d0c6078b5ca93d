namespace Relay.Server.Storage;

/// <summary>Where the database and the data-protection keys live, resolved once against the content root.</summary>
internal sealed class StoragePaths
{
    private StoragePaths(string databasePath)
    {
        DatabasePath = databasePath;
        DataDirectory = System.IO.Path.GetDirectoryName(databasePath)!;
        KeysDirectory = System.IO.Path.Combine(DataDirectory, "keys");
    }

    /// <summary>The absolute path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>The folder holding the database (created).</summary>
    public string DataDirectory { get; }

    /// <summary>The folder holding the data-protection key ring (created on first use by Data Protection).</summary>
    public string KeysDirectory { get; }

    /// <summary>Resolves <paramref name="path"/> against <paramref name="contentRoot"/> and creates its directory.</summary>
    public static StoragePaths Create(string path, string contentRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path, contentRoot);
        var paths = new StoragePaths(full);
        Directory.CreateDirectory(paths.DataDirectory);
        return paths;
    }
}
