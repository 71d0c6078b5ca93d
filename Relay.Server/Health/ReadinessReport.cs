namespace Relay.Server.Health;

/// <summary>The answer of <c>/readyz</c>.</summary>
/// <param name="Status"><c>ready</c> or <c>not-ready</c>.</param>
/// <param name="Feed">The upstream feed's check.</param>
/// <param name="Storage">The database's check.</param>
internal sealed record ReadinessReport(string Status, FeedCheck Feed, StorageCheck Storage);
