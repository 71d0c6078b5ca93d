using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Relay.Server.Auth;

/// <summary>
/// The admin key: configured (<see cref="AuthOptions.AdminKey"/>), or generated at first start into
/// <see cref="FileName"/> in the data folder (mode 600). Holds only its SHA-256; compares in constant time.
/// </summary>
internal sealed class AdminKeyStore
{
    /// <summary>The file in the data folder holding a generated key.</summary>
    public const string FileName = "admin-key";

    /// <summary>The prefix of generated keys, so a leaked one is easy to recognise.</summary>
    public const string Prefix = "rly_admin_";

    private byte[]? _hash;

    /// <summary>Where the key came from, once initialized.</summary>
    public AdminKeySource Source { get; private set; }

    /// <summary>The key file (generated or read), or <c>null</c> when the key is configured.</summary>
    public string? FilePath { get; private set; }

    /// <summary>True when <paramref name="candidate"/> is the admin key. Constant time in the key's content.</summary>
    public bool IsValid(string? candidate)
    {
        var hash = Volatile.Read(ref _hash);
        if (hash is null || string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(candidate), hash);
    }

    /// <summary>
    /// Uses the configured key, or reads the key file, or creates it. Returns the key when it was generated now (to be
    /// shown once), otherwise <c>null</c>.
    /// </summary>
    public string? Initialize(string? configuredKey, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            Source = AdminKeySource.Configured;
            Volatile.Write(ref _hash, Hash(configuredKey.Trim()));
            return null;
        }

        var path = Path.Combine(dataDirectory, FileName);
        FilePath = path;
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length == 0)
            {
                throw new InvalidOperationException($"The admin key file {path} is empty: delete it to have a new key generated, or set Relay:Auth:AdminKey.");
            }

            Source = AdminKeySource.File;
            Volatile.Write(ref _hash, Hash(stored));
            return null;
        }

        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.WriteLine(key);
        }

        Source = AdminKeySource.Generated;
        Volatile.Write(ref _hash, Hash(key));
        return key;
    }

    /// <summary>True when the key file can be read by others than its owner (Unix), worth a warning.</summary>
    public bool FileIsExposed() =>
        FilePath is { } path && !OperatingSystem.IsWindows() && File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
