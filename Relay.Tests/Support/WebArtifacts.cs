namespace Relay.Tests.Support;

/// <summary>Where browser tests save their screenshots: <c>Relay.Tests/TestResults/screenshots/</c> (git-ignored).</summary>
internal static class WebArtifacts
{
    private static readonly Lazy<string> Directory = new(Locate);

    /// <summary>The screenshot folder, created on first use.</summary>
    public static string ScreenshotDirectory => Directory.Value;

    private static string Locate()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
        {
            folder = folder.Parent;
        }

        var root = folder is null
            ? Path.Combine(AppContext.BaseDirectory, "TestResults")
            : Path.Combine(folder.FullName, "Relay.Tests", "TestResults");
        var path = Path.Combine(root, "screenshots");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
