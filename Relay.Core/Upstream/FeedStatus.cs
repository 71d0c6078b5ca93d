using Relay.Core.Contracts;

namespace Relay.Core.Upstream;

/// <summary>The upstream feed's state as the engine reports it. Never carries a secret.</summary>
/// <param name="State">The state.</param>
/// <param name="Reason">Why (human readable), or <c>null</c> when connected.</param>
/// <param name="Source"><c>Simulator</c> or <c>Dhan</c>.</param>
/// <param name="Since">When the state began.</param>
public sealed record FeedStatus(FeedState State, string? Reason, string Source, DateTimeOffset Since);
