namespace Relay.Server.Health;

/// <summary>Storage is ready when the database accepts a write.</summary>
/// <param name="Ready">True when writable.</param>
/// <param name="Reason">Why not, or <c>null</c>.</param>
internal sealed record StorageCheck(bool Ready, string? Reason);
