namespace Relay.Bench.Load.Baseline;

/// <summary>Where the baseline reads its feed.</summary>
/// <param name="FeedUrl">The feed's URL with the v2 query string.</param>
internal sealed record BaselineOptions(Uri FeedUrl);
