namespace Relay.Server.Instruments;

/// <summary>A skipped CSV row.</summary>
/// <param name="Line">The 1-based line where the record starts (the header is line 1).</param>
/// <param name="Reason">Why it was skipped.</param>
internal sealed record ImportRowError(long Line, string Reason);
