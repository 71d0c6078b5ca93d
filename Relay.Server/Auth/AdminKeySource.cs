namespace Relay.Server.Auth;

/// <summary>Where the admin key came from.</summary>
internal enum AdminKeySource
{
    /// <summary>Not initialized yet.</summary>
    None,

    /// <summary><c>Relay:Auth:AdminKey</c>.</summary>
    Configured,

    /// <summary>The key file written at an earlier start.</summary>
    File,

    /// <summary>Generated at this start (and printed once).</summary>
    Generated,
}
