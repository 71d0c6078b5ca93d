namespace Relay.Server.Auth;

/// <summary>
/// Where Relay prints what must reach the operator's terminal but not the logs (the generated admin key, once).
/// The process's standard output by default; tests register their own.
/// </summary>
internal sealed class StartupConsole(TextWriter writer)
{
    /// <summary>The writer.</summary>
    public TextWriter Writer { get; } = writer;
}
