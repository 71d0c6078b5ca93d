namespace Relay.Server.Storage;

/// <summary>One versioned schema change, applied once, in its own transaction.</summary>
/// <param name="Version">The version it brings the database to (1, 2, 3… without gaps).</param>
/// <param name="Name">A short description, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The script; may hold several statements.</param>
internal sealed record SchemaMigration(int Version, string Name, string Sql);
