using Relay.Core.Contracts;

namespace Relay.Core.Upstream;

/// <summary>An upstream socket's state, swapped atomically as a whole.</summary>
/// <param name="State">The state.</param>
/// <param name="Reason">Why, or <c>null</c> when connected.</param>
/// <param name="Since">When <paramref name="State"/> began (kept when only the reason changes).</param>
internal sealed record UpstreamState(FeedState State, string? Reason, DateTimeOffset Since);
