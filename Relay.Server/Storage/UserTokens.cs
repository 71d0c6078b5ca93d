using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Relay.Server.Storage;

/// <summary>Creates user tokens and the hashes stored in their place.</summary>
internal static class UserTokens
{
    /// <summary>The prefix of every token, so leaked tokens are easy to recognise (e.g. by secret scanners).</summary>
    public const string Prefix = "rly_";

    private const int TokenBytes = 32;

    /// <summary>A new token: <c>rly_</c> + base64url of 32 random bytes (256 bits).</summary>
    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The stored form: lower-case hex SHA-256 of the token's UTF-8 bytes (64 characters).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
